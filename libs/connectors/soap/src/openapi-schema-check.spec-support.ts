type Schema = Record<string, unknown>;

/**
 * Checks a JSON value against the OpenAPI 3.0 schema subset the WSDL generator emits (type,
 * properties, required, additionalProperties, items, min/maxItems, enum, nullable, minimum,
 * maximum, $ref to components, allOf). Returns the paths that do not fit.
 */
export function schemaIssues(document: Schema, schema: Schema, value: unknown, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return schemaIssues(document, ((document.components as Schema).schemas as Record<string, Schema>)[name]!, value, path);
  }
  if (value === null) return schema.nullable === true ? [] : [`${path}: null`];
  if (Array.isArray(schema.allOf)) return (schema.allOf as Schema[]).flatMap((s) => schemaIssues(document, s, value, path));
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return [`${path}: not in enum`];
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
      const record = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const issues = ((schema.required ?? []) as string[]).filter((k) => !(k in record)).map((k) => `${path}.${k}: missing`);
      for (const [key, item] of Object.entries(record)) {
        if (properties[key]) issues.push(...schemaIssues(document, properties[key], item, `${path}.${key}`));
        else if (schema.additionalProperties === false) issues.push(`${path}.${key}: not allowed`);
      }
      return issues;
    }
    case 'array': {
      if (!Array.isArray(value)) return [`${path}: not an array`];
      const issues = value.flatMap((item, i) => schemaIssues(document, schema.items as Schema, item, `${path}[${i}]`));
      if (typeof schema.minItems === 'number' && value.length < schema.minItems) issues.push(`${path}: too few items`);
      if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) issues.push(`${path}: too many items`);
      return issues;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || (schema.type === 'integer' && !Number.isInteger(value))) return [`${path}: not an ${schema.type}`];
      if (typeof schema.minimum === 'number' && value < schema.minimum) return [`${path}: below minimum`];
      if (typeof schema.maximum === 'number' && value > schema.maximum) return [`${path}: above maximum`];
      return [];
    }
    case 'string':
    case 'boolean':
      return typeof value === schema.type ? [] : [`${path}: not a ${schema.type}`];
    default:
      return [];
  }
}
