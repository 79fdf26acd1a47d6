import type { ObjectOptionSchema, OptionSchema } from '#core';

/**
 * Options that differ from `options` in one declared option and still fit the schema, for the
 * fingerprint check: a boolean flipped, another enum value, a number moved within its bounds.
 * Undefined when no declared option lends itself (strings, lists, objects): the subject names one.
 */
export function derivedOptionsVariant(schema: ObjectOptionSchema | undefined, options: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const [name, declared] of Object.entries(schema?.properties ?? {})) {
    const current = options[name] ?? declared.default;
    const other = otherValue(declared, current);
    if (other !== undefined) return { ...options, [name]: other };
  }
  return undefined;
}

function otherValue(schema: OptionSchema, current: unknown): unknown {
  switch (schema.type) {
    case 'boolean':
      return current !== true;
    case 'string':
      return schema.enum?.find((value) => value !== current);
    case 'integer':
    case 'number': {
      const base = typeof current === 'number' ? current : (schema.minimum ?? 0);
      const up = base + 1;
      if (schema.maximum === undefined || up <= schema.maximum) return up;
      const down = base - 1;
      return schema.minimum === undefined || down >= schema.minimum ? down : undefined;
    }
    default:
      return undefined;
  }
}
