import { posix } from 'node:path';

/** Namespaces of the WSDL 1.1 SOAP bindings whose `address` elements name the service URL. */
const SOAP_BINDINGS = new Set(['http://schemas.xmlsoap.org/wsdl/soap/', 'http://schemas.xmlsoap.org/wsdl/soap12/']);

const PREFIX_DECLARATION = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** A SOAP address's `location`, or the `location`/`schemaLocation` of a WSDL or XSD import or include. */
const REFERENCE = /<(?:([A-Za-z_][\w.-]*):)?(address|import|include)\b[^>]*?\s(location|schemaLocation)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:|^\//;

/** Where a WSDL or schema document sits in its project, and the project's other documents. */
export interface DocumentPlace {
  readonly path: string;
  readonly files: Readonly<Record<string, string>>;
}

/**
 * A WSDL or schema document split once around the references a client follows, so that writing
 * it for a gateway URL is a join, never a parse. A `soap:address`/`soap12:address` location
 * becomes the gateway URL (origin and base path) followed by the part of its path beyond the
 * endpoint URL's path: with Choreo Connect's path handling (spec §10.3) the client reaches the same
 * backend path through the gateway as it would have directly. A relative import or include of
 * another document of the project becomes `<gateway URL>?wsdl=<path>` (or `?xsd=`), where the
 * gateway serves that document in turn.
 */
export class WsdlDocumentTemplate {
  /** The document's text between the gateway URLs (each after the first starting with what follows its URL). */
  private readonly pieces: readonly string[];

  constructor(text: string, endpointPaths: readonly string[], place?: DocumentPlace) {
    const prefixes = soapBindingPrefixes(text);
    const pieces: string[] = [];
    let from = 0;
    let suffix = '';
    for (const found of text.matchAll(REFERENCE)) {
      const [whole, prefix, element, attribute] = found;
      const value = found[4] ?? found[5];
      const address = element === 'address' && attribute === 'location' && prefix !== undefined && prefixes.has(prefix);
      const imported = address || element === 'address' ? undefined : importedDocument(value, place);
      if (!address && imported === undefined) continue;
      const valueStart = found.index + whole.length - 1 - value.length;
      pieces.push(suffix + text.slice(from, valueStart));
      suffix = address ? pathBeyondEndpoint(value, endpointPaths) : imported!;
      from = valueStart + value.length;
    }
    pieces.push(suffix + text.slice(from));
    this.pieces = pieces;
  }

  /** How many references are rewritten. */
  get referenceCount(): number {
    return this.pieces.length - 1;
  }

  /** The document with every reference under `gatewayUrl` (`<scheme>://<host><base path>`, not yet escaped). */
  render(gatewayUrl: string): string {
    return this.pieces.join(escapeAttribute(gatewayUrl));
  }
}

/** The prefixes the document binds to a SOAP binding namespace (usually `soap` and `soap12`). */
function soapBindingPrefixes(text: string): Set<string> {
  const prefixes = new Set<string>();
  for (const found of text.matchAll(PREFIX_DECLARATION)) if (SOAP_BINDINGS.has(found[2] ?? found[3])) prefixes.add(found[1]);
  return prefixes;
}

/** `types/common.xsd` from `WSDL/Orders.wsdl` → `?xsd=WSDL%2Ftypes%2Fcommon.xsd`, when that is a document of the project. */
function importedDocument(location: string, place: DocumentPlace | undefined): string | undefined {
  if (place === undefined || location === '' || ABSOLUTE.test(location) || location.includes('\\')) return undefined;
  const path = posix.normalize(posix.join(posix.dirname(place.path), location));
  if (path.startsWith('../') || place.files[path] === undefined) return undefined;
  return `${path.endsWith('.wsdl') ? '?wsdl=' : '?xsd='}${encodeURIComponent(path)}`;
}

/**
 * `http://ws.example/phoneverify/phoneverify.asmx` with an endpoint at `http://backend:2340` →
 * `/phoneverify/phoneverify.asmx`; with the endpoint at that full URL → ''. A location under none
 * of the endpoint paths (or no http(s) URL at all) → '': the client posts to the API's base path.
 */
function pathBeyondEndpoint(location: string, endpointPaths: readonly string[]): string {
  if (!/^https?:\/\//i.test(location) || !URL.canParse(location)) return '';
  const path = new URL(location).pathname;
  let best: string | undefined;
  for (const base of endpointPaths) {
    const under = base === '' || path === base || path.startsWith(`${base}/`);
    if (under && (best === undefined || base.length > best.length)) best = base;
  }
  if (best === undefined) return '';
  const rest = path.slice(best.length);
  return rest === '/' ? '' : escapeAttribute(rest);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
