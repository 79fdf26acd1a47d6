/**
 * The options a connector accepts, declared with `@GatewayConnector({ options })`: a subset of
 * JSON Schema, so the admin API can publish it as it is and editors can use it. The gateway
 * validates every cluster's options against it at deploy time (every problem at once, each with
 * its path) and hands the factory the options with their defaults filled in.
 */
export type OptionSchema = StringOptionSchema | NumberOptionSchema | BooleanOptionSchema | ArrayOptionSchema | ObjectOptionSchema;

interface Described<T> {
  readonly description?: string;
  /** Used when the option is left out (of an object with `properties`). */
  readonly default?: T;
}

export interface StringOptionSchema extends Described<string> {
  readonly type: 'string';
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A regular expression (Unicode mode) the whole value must match. */
  readonly pattern?: string;
}

export interface NumberOptionSchema extends Described<number> {
  readonly type: 'integer' | 'number';
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface BooleanOptionSchema extends Described<boolean> {
  readonly type: 'boolean';
}

export interface ArrayOptionSchema extends Described<readonly unknown[]> {
  readonly type: 'array';
  readonly items?: OptionSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface ObjectOptionSchema extends Described<Readonly<Record<string, unknown>>> {
  readonly type: 'object';
  readonly properties?: Readonly<Record<string, OptionSchema>>;
  readonly required?: readonly string[];
  /** False (the default for declared options): a key not in `properties` is a problem, as a misspelt option would otherwise do nothing. */
  readonly additionalProperties?: boolean | OptionSchema;
}
