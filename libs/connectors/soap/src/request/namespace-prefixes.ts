import { type XsdComplexType, type XsdElement } from '../xsd/xsd-model.js';

/**
 * Prefixes for every namespace a message may use, declared once on the Envelope so that the body
 * is written without per-element xmlns attributes. Built at compile time.
 */
export class NamespacePrefixes {
  private readonly byNamespace = new Map<string, string>();

  add(namespace: string): void {
    if (namespace !== '' && !this.byNamespace.has(namespace)) this.byNamespace.set(namespace, `ns${this.byNamespace.size}`);
  }

  /** Adds the namespaces of an element and everything below it. */
  addTree(element: XsdElement, seen = new Set<XsdComplexType>()): void {
    this.add(element.namespace);
    if (element.type.kind !== 'complex' || seen.has(element.type)) return;
    seen.add(element.type);
    for (const field of element.type.fields) this.addTree(field, seen);
  }

  /** `ns0:name`, or `name` for an unqualified element (no default namespace is ever declared). */
  tagOf(element: XsdElement): string {
    const prefix = this.byNamespace.get(element.namespace);
    return prefix === undefined ? element.name : `${prefix}:${element.name}`;
  }

  declarations(): string {
    let text = '';
    for (const [namespace, prefix] of this.byNamespace) text += ` xmlns:${prefix}="${namespace}"`;
    return text;
  }
}
