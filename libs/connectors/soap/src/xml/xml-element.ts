/** An element of a parsed XML document, names resolved against the in-scope namespaces. */
export interface XmlElement {
  readonly localName: string;
  /** Namespace URI, '' when the element is in no namespace. */
  readonly namespace: string;
  /** Attributes by their qualified name as written (`xsi:nil`), values unescaped. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Concatenated character data directly inside this element (text and CDATA). */
  text: string;
  /** Prefix → namespace bindings in scope here, to resolve QName values such as fault codes. */
  readonly scope: ReadonlyMap<string, string>;
}

export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** The value of an attribute whatever its prefix, matched by namespace (e.g. xsi:nil). */
export function namespacedAttribute(element: XmlElement, namespace: string, localName: string): string | undefined {
  for (const [qualified, value] of Object.entries(element.attributes)) {
    const colon = qualified.indexOf(':');
    if (colon < 0 || qualified.slice(colon + 1) !== localName) continue;
    const prefix = qualified.slice(0, colon);
    const bound = element.scope.get(prefix);
    if (bound === namespace) return value;
    // Servers that write xsi:nil without declaring xsi exist (the soap package's own): accept the
    // conventional prefix when it is bound to nothing.
    if (bound === undefined && namespace === XSI_NAMESPACE && prefix === 'xsi') return value;
  }
  return undefined;
}

/** Resolves a QName value (`soap:Client`) to its namespace and local part. */
export function resolveQName(element: XmlElement, value: string): { namespace: string; localName: string } {
  const trimmed = value.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return { namespace: element.scope.get('') ?? '', localName: trimmed };
  return { namespace: element.scope.get(trimmed.slice(0, colon)) ?? '', localName: trimmed.slice(colon + 1) };
}
