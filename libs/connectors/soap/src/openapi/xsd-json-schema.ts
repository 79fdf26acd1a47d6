import { type XsdComplexType, type XsdElement, type XsdSimpleType } from '../xsd/xsd-model.js';

export type JsonSchema = Record<string, unknown>;

const FORMATS: Readonly<Record<string, string>> = {
  int: 'int32',
  long: 'int64',
  float: 'float',
  double: 'double',
  dateTime: 'date-time',
  date: 'date',
  base64Binary: 'byte',
};

/**
 * OpenAPI 3.0 schemas for the compiled XSD model, describing the JSON the mediation accepts and
 * produces. Named complex types become components (recursion is then just a $ref).
 */
export class XsdJsonSchemas {
  readonly components: Record<string, JsonSchema> = {};
  private readonly names = new Map<XsdComplexType, string>();

  element(element: XsdElement): JsonSchema {
    const single = this.nillable(this.type(element.type), element.nillable);
    if (element.maxOccurs <= 1) return single;
    return {
      type: 'array',
      items: single,
      ...(element.minOccurs > 0 ? { minItems: element.minOccurs } : {}),
      ...(Number.isFinite(element.maxOccurs) ? { maxItems: element.maxOccurs } : {}),
    };
  }

  type(type: XsdSimpleType | XsdComplexType): JsonSchema {
    if (type.kind === 'simple') return simpleSchema(type);
    if (type.name === undefined) return this.object(type);
    let name = this.names.get(type);
    if (name === undefined) {
      name = this.componentName(type.name);
      this.names.set(type, name);
      this.components[name] = {}; // placeholder first: a recursive type refers to itself
      this.components[name] = this.object(type);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  object(type: XsdComplexType): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    for (const field of type.fields) properties[field.name] = this.element(field);
    const required = type.fields.filter((f) => f.minOccurs > 0).map((f) => f.name);
    return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
  }

  private nillable(schema: JsonSchema, nillable: boolean): JsonSchema {
    if (!nillable) return schema;
    // In OpenAPI 3.0 keywords next to $ref are ignored.
    return '$ref' in schema ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
  }

  private componentName(qualified: string): string {
    const local = qualified.slice(qualified.lastIndexOf('}') + 1).replace(/[^A-Za-z0-9._-]/g, '_');
    let name = local;
    for (let n = 2; name in this.components; n++) name = `${local}${n}`;
    return name;
  }
}

function simpleSchema(type: XsdSimpleType): JsonSchema {
  const format = FORMATS[type.builtIn];
  const base: JsonSchema =
    type.lexical === 'boolean' ? { type: 'boolean' } : type.lexical === 'integer' ? { type: 'integer' } : type.lexical === 'string' ? { type: 'string' } : { type: 'number' };
  if (format) base.format = format;
  if (type.lexical === 'integer' && type.builtIn !== 'long' && type.builtIn !== 'unsignedLong') {
    if (type.minimum !== undefined) base.minimum = Number(type.minimum);
    if (type.maximum !== undefined) base.maximum = Number(type.maximum);
  }
  if (type.enumeration) base.enum = [...type.enumeration];
  return base;
}
