/**
 * Runs tasks one after another in call order (a promise-chain mutex): every deploy and
 * undeploy sees the state the previous one left, so two concurrent deploys never race.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task must not stop the ones queued after it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
