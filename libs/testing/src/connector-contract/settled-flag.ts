/** A promise with its resolve function, for things that happen once (a request arrived, a connection closed). */
export class SettledFlag<T = void> {
  readonly promise: Promise<T>;
  value: T | undefined;
  done = false;
  private resolveWith!: (value: T) => void;

  constructor() {
    this.promise = new Promise((resolve) => (this.resolveWith = resolve));
  }

  settle(value: T): void {
    if (this.done) return;
    this.done = true;
    this.value = value;
    this.resolveWith(value);
  }
}
