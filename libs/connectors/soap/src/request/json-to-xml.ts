import { escapeXml } from '../xml/xml-escape.js';
import { type XsdComplexType, type XsdElement } from '../xsd/xsd-model.js';
import { type NamespacePrefixes } from './namespace-prefixes.js';
import { lexicalOf } from './simple-value-writer.js';

/** Past this many, the rest of a body's problems add nothing for the client. */
const MAX_ISSUES = 20;

/**
 * Writes a JSON value as the content of an XSD complex type, in sequence order, checking it
 * against the type on the way. Problems are collected with their field paths; the caller refuses
 * the request when there is any, so a half-written envelope never leaves.
 */
export class JsonToXmlWriter {
  readonly issues: string[] = [];
  private xml = '';

  constructor(private readonly prefixes: NamespacePrefixes) {}

  /** The XML written so far (the caller checks `issues` first). */
  get output(): string {
    return this.xml;
  }

  writeContent(type: XsdComplexType, value: unknown, path: string): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.issue(path, 'expected an object');
      return;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!type.fieldsByName.has(key)) this.issue(join(path, key), `unknown field (expected ${fieldList(type)})`);
    }
    for (const field of type.fields) this.writeField(field, record[field.name], join(path, field.name));
  }

  private writeField(field: XsdElement, value: unknown, path: string): void {
    if (value === undefined) {
      if (field.minOccurs > 0) this.issue(path, 'missing (required)');
      return;
    }
    if (field.maxOccurs <= 1) {
      if (Array.isArray(value)) this.issue(path, 'expected a single value, not an array');
      else if (value === null && !field.nillable) {
        if (field.minOccurs > 0) this.issue(path, 'must not be null (the element is not nillable)');
      } else this.writeElement(field, value, path);
      return;
    }
    // A single value for a repeated element is an array of one.
    const items = Array.isArray(value) ? value : [value];
    if (items.length < field.minOccurs) this.issue(path, `expected at least ${countOfItems(field.minOccurs)}`);
    if (items.length > field.maxOccurs) this.issue(path, `expected at most ${countOfItems(field.maxOccurs)}`);
    items.forEach((item, index) => {
      if (item === null && !field.nillable) this.issue(`${path}[${index}]`, 'must not be null (the element is not nillable)');
      else this.writeElement(field, item, `${path}[${index}]`);
    });
  }

  private writeElement(field: XsdElement, value: unknown, path: string): void {
    const tag = this.prefixes.tagOf(field);
    if (value === null) {
      this.xml += `<${tag} xsi:nil="true"/>`;
      return;
    }
    if (field.type.kind === 'complex') {
      this.xml += `<${tag}>`;
      this.writeContent(field.type, value, path);
      this.xml += `</${tag}>`;
      return;
    }
    const result = lexicalOf(field.type, value);
    if ('problem' in result) this.issue(path, result.problem);
    else this.xml += `<${tag}>${escapeXml(result.lexical)}</${tag}>`;
  }

  private issue(path: string, problem: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push(`${path || '(body)'}: ${problem}`);
  }
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function fieldList(type: XsdComplexType): string {
  return type.fields.length === 0 ? 'no fields' : `one of ${type.fields.map((f) => f.name).join(', ')}`;
}

function countOfItems(count: number): string {
  return count === 1 ? '1 item' : `${count} items`;
}
