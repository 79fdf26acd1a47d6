import { type XmlElement } from './xml-element.js';

/** Thrown when a document is not well-formed XML (or uses what SOAP forbids, such as a DTD). */
export class XmlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;

/** Matches a sticky pattern at a position without copying the source. */
function matchAt(pattern: RegExp, source: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(source);
}
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A small, strict XML reader for SOAP messages: elements, attributes, namespaces, text, CDATA,
 * comments and processing instructions. DTDs are refused (SOAP 1.1 §3 and 1.2 part 1 §5 forbid
 * them), which also rules out entity-expansion attacks. Written here rather than using soap's
 * xmlToObject, which loses xs:long precision and the element namespaces we need for typing.
 */
export function readXml(source: string): XmlElement {
  let at = source.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, at);
  };
  const unescape = (raw: string): string =>
    raw.includes('&')
      ? raw.replace(/&[^;]*;?/g, (entity) => {
          ENTITY.lastIndex = 0;
          const match = ENTITY.exec(entity);
          if (match === null || match[0] !== entity) return fail(`invalid entity reference ${entity}`);
          const body = match[1]!;
          if (!body.startsWith('#')) return NAMED[body]!;
          const code = body.startsWith('#x') ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
          return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fail(`invalid character reference ${entity}`);
        })
      : raw;

  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > at) {
      const text = source.slice(at, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += unescape(text);
      else if (text.trim() !== '') fail('text outside the root element');
      at = textEnd;
      continue;
    }
    if (source.startsWith('<?', at)) {
      const end = source.indexOf('?>', at);
      if (end < 0) fail('unterminated processing instruction');
      at = end + 2;
    } else if (source.startsWith('<!--', at)) {
      const end = source.indexOf('-->', at);
      if (end < 0) fail('unterminated comment');
      at = end + 3;
    } else if (source.startsWith('<![CDATA[', at)) {
      const end = source.indexOf(']]>', at);
      const top = stack[stack.length - 1];
      if (end < 0 || !top) fail('misplaced CDATA section');
      top!.text += source.slice(at + 9, end);
      at = end + 3;
    } else if (source.startsWith('<!', at)) {
      fail('DTDs are not accepted');
    } else if (source.startsWith('</', at)) {
      const end = source.indexOf('>', at);
      const name = source.slice(at + 2, end < 0 ? at + 2 : end).trim();
      const open = stack.pop();
      if (end < 0 || !open || qualifiedName(open) !== name) fail(`unexpected closing tag </${name}>`);
      at = end + 1;
    } else {
      at += 1;
      const name = matchAt(NAME, source, at)?.[0] ?? fail('invalid element name');
      at += name.length;
      const attributes: Record<string, string> = {};
      for (;;) {
        const attribute = matchAt(ATTRIBUTE, source, at);
        if (attribute === null) break;
        if (attribute[1]! in attributes) fail(`duplicate attribute ${attribute[1]}`);
        attributes[attribute[1]!] = unescape(attribute[3] ?? attribute[4] ?? '');
        at += attribute[0].length;
      }
      const rest = matchAt(TAG_END, source, at) ?? fail(`malformed start tag <${name}>`);
      at += rest[0].length;
      const parent = stack[stack.length - 1];
      if (!parent && root) fail('more than one root element');
      const element = openElement(name, attributes, parent?.scope ?? new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), fail);
      if (parent) parent.children.push(element);
      else root = element;
      if (rest[1] !== '/') stack.push(element);
    }
  }
  if (stack.length > 0 || !root) fail('unexpected end of document');
  return root!;
}

const prefixes = new WeakMap<XmlElement, string>();

function qualifiedName(element: XmlElement): string {
  const prefix = prefixes.get(element);
  return prefix ? `${prefix}:${element.localName}` : element.localName;
}

function openElement(
  name: string,
  attributes: Record<string, string>,
  parentScope: ReadonlyMap<string, string>,
  fail: (message: string) => never,
): XmlElement {
  let scope = parentScope;
  for (const [attribute, value] of Object.entries(attributes)) {
    if (attribute !== 'xmlns' && !attribute.startsWith('xmlns:')) continue;
    if (scope === parentScope) scope = new Map(parentScope);
    (scope as Map<string, string>).set(attribute === 'xmlns' ? '' : attribute.slice(6), value);
  }
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const namespace = scope.get(prefix);
  if (prefix !== '' && namespace === undefined) fail(`undeclared namespace prefix ${prefix}`);
  const element: XmlElement = { localName: name.slice(colon + 1), namespace: namespace ?? '', attributes, children: [], text: '', scope };
  prefixes.set(element, prefix);
  return element;
}
