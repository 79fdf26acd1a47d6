import { type XmlElement, namespacedAttribute, XSI_NAMESPACE } from '../xml/xml-element.js';
import { type XsdComplexType, type XsdElement, type XsdSimpleType } from '../xsd/xsd-model.js';
import { SoapResponseError } from '../soap-errors.js';

const DECIMAL_OR_FLOAT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Reads an element of a SOAP response as JSON typed by its XSD: numbers as numbers (xs:long beyond
 * 2^53 as a string), booleans as booleans, repeated elements as arrays even with one occurrence,
 * nil or empty non-string elements as null. Child elements the schema does not declare are
 * skipped: a backend that added a field must not break its REST facade.
 */
export function elementToJson(declared: XsdElement, node: XmlElement, path: string): unknown {
  const nil = namespacedAttribute(node, XSI_NAMESPACE, 'nil');
  if (nil === 'true' || nil === '1') return null;
  return declared.type.kind === 'complex' ? complexToJson(declared.type, node, path) : simpleToJson(declared.type, node.text, path);
}

export function complexToJson(type: XsdComplexType, node: XmlElement, path: string): unknown {
  if (node.children.length === 0 && node.text.trim() === '') return null;
  const values = new Map<XsdElement, unknown[]>();
  for (const child of node.children) {
    const field = type.fieldsByName.get(child.localName);
    if (!field) continue;
    const list = values.get(field) ?? [];
    list.push(elementToJson(field, child, `${path}.${field.name}${field.maxOccurs > 1 ? `[${list.length}]` : ''}`));
    values.set(field, list);
  }
  const json: Record<string, unknown> = {};
  for (const field of type.fields) {
    const found = values.get(field);
    if (field.maxOccurs > 1) json[field.name] = found ?? [];
    else if (found) json[field.name] = found[0];
  }
  return json;
}

function simpleToJson(type: XsdSimpleType, text: string, path: string): unknown {
  if (type.lexical === 'string') return text;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const wrong = (): never => {
    throw new SoapResponseError(`the backend's ${path} is ${JSON.stringify(trimmed.slice(0, 40))}, not an xs:${type.builtIn}`);
  };
  switch (type.lexical) {
    case 'boolean':
      if (trimmed === 'true' || trimmed === '1') return true;
      if (trimmed === 'false' || trimmed === '0') return false;
      return wrong();
    case 'integer': {
      if (!/^[+-]?\d+$/.test(trimmed)) return wrong();
      const value = Number(trimmed);
      return Number.isSafeInteger(value) ? value : BigInt(trimmed).toString();
    }
    default:
      if (/^[+-]?INF$|^NaN$/.test(trimmed)) return trimmed; // JSON has no infinities
      if (!DECIMAL_OR_FLOAT.test(trimmed)) return wrong();
      return Number(trimmed);
  }
}
