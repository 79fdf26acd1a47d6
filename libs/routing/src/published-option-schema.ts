import type { ObjectOptionSchema, OptionSchema } from '#core';

/**
 * A declared option schema as the admin API publishes it: JSON Schema, with the gateway's
 * default for objects (`additionalProperties: false`: unknown options are refused) written out.
 */
export function publishedOptionSchema(schema: ObjectOptionSchema): ObjectOptionSchema {
  return explicit(schema) as ObjectOptionSchema;
}

function explicit(schema: OptionSchema): OptionSchema {
  if (schema.type === 'array') return schema.items === undefined ? schema : { ...schema, items: explicit(schema.items) };
  if (schema.type !== 'object') return schema;
  const properties = schema.properties === undefined ? undefined : Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, explicit(value)]));
  const extra = schema.additionalProperties;
  return {
    ...schema,
    ...(properties !== undefined && { properties }),
    additionalProperties: typeof extra === 'object' ? explicit(extra) : (extra ?? false),
  };
}
