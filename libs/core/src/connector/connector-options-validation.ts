import type { ArrayOptionSchema, ObjectOptionSchema, OptionSchema } from './connector-options-schema.js';

/** One option that does not fit the schema: where (a JSON pointer below the options) and why. */
export interface OptionProblem {
  readonly pointer: string;
  readonly message: string;
}

export interface CheckedOptions {
  /** The options with the schema's defaults filled in (the input is not changed). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly problems: readonly OptionProblem[];
}

/** Checks a cluster's options against its connector's declared schema, reporting every problem at once. */
export function checkConnectorOptions(schema: ObjectOptionSchema, options: Readonly<Record<string, unknown>>): CheckedOptions {
  const problems: OptionProblem[] = [];
  const checked = checkValue(schema, options, '', problems);
  return { options: (checked ?? options) as Readonly<Record<string, unknown>>, problems };
}

function checkValue(schema: OptionSchema, value: unknown, pointer: string, problems: OptionProblem[]): unknown {
  const problem = (message: string): undefined => void problems.push({ pointer, message: `${pointer === '' ? 'options' : pointer.slice(1)} ${message}` });
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return problem(`must be a string, not ${describe(value)}`);
      if (schema.enum !== undefined && !schema.enum.includes(value)) return problem(`must be one of ${schema.enum.map((v) => `'${v}'`).join(', ')}, not '${value}'`);
      if (schema.minLength !== undefined && value.length < schema.minLength) return problem(`must be at least ${schema.minLength} characters long`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return problem(`must be at most ${schema.maxLength} characters long`);
      if (schema.pattern !== undefined && !new RegExp(`^(?:${schema.pattern})$`, 'u').test(value)) return problem(`must match ${schema.pattern}`);
      return value;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) {
        return problem(`must be ${schema.type === 'integer' ? 'an integer' : 'a number'}, not ${describe(value)}`);
      }
      if (schema.minimum !== undefined && value < schema.minimum) return problem(`must be at least ${schema.minimum}, not ${value}`);
      if (schema.maximum !== undefined && value > schema.maximum) return problem(`must be at most ${schema.maximum}, not ${value}`);
      return value;
    case 'boolean':
      return typeof value === 'boolean' ? value : problem(`must be true or false, not ${describe(value)}`);
    case 'array':
      return checkArray(schema, value, pointer, problems, problem);
    case 'object':
      return checkObject(schema, value, pointer, problems, problem);
  }
}

function checkArray(schema: ArrayOptionSchema, value: unknown, pointer: string, problems: OptionProblem[], problem: (m: string) => undefined): unknown {
  if (!Array.isArray(value)) return problem(`must be a list, not ${describe(value)}`);
  if (schema.minItems !== undefined && value.length < schema.minItems) return problem(`must have at least ${schema.minItems} entries`);
  if (schema.maxItems !== undefined && value.length > schema.maxItems) return problem(`must have at most ${schema.maxItems} entries`);
  const items = schema.items;
  return items === undefined ? value : value.map((item, i) => checkValue(items, item, `${pointer}/${i}`, problems));
}

function checkObject(schema: ObjectOptionSchema, value: unknown, pointer: string, problems: OptionProblem[], problem: (m: string) => undefined): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem(`must be an object, not ${describe(value)}`);
  const properties = schema.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const declared = Object.hasOwn(properties, key) ? properties[key] : undefined;
    const extra = schema.additionalProperties;
    if (declared !== undefined) out[key] = checkValue(declared, item, at, problems);
    else if (typeof extra === 'object') out[key] = checkValue(extra, item, at, problems);
    else if (extra === true) out[key] = item;
    else {
      const known = Object.keys(properties);
      problems.push({ pointer: at, message: `${at.slice(1)} is not an option of this connector${known.length > 0 ? `; its options: ${known.join(', ')}` : '; it takes none'}` });
    }
  }
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key)) problem(`must have ${key}`);
  }
  for (const [key, declared] of Object.entries(properties)) {
    if (!Object.hasOwn(out, key) && declared.default !== undefined) out[key] = declared.default;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
