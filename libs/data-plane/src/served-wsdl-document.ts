import { type ApiDefinition, KEY_TYPES, type ServedWsdl } from '#core';
import { WsdlDocumentTemplate } from './wsdl-document-template.js';

/** Distinct (document, gateway URL) pairs whose rendering is kept; a full cache starts over. */
const RENDERINGS_KEPT = 32;

/**
 * An API's WSDL and the project documents it imports, ready to serve: each document's template
 * built once, on its first request, and the documents written for the gateway URLs clients used,
 * bounded so that forged Host headers cannot grow it.
 */
export class ServedWsdlDocument {
  private readonly endpointPaths: readonly string[];
  private readonly templates = new Map<string, WsdlDocumentTemplate>();
  private readonly renderings = new Map<string, Buffer>();

  constructor(
    api: ApiDefinition,
    private readonly wsdl: ServedWsdl,
  ) {
    this.endpointPaths = KEY_TYPES.flatMap((keyType) => api.endpoints[keyType]?.urls.map((url) => url.basePath) ?? []);
  }

  /** The path of the WSDL itself, answered at `?wsdl`. */
  get mainPath(): string {
    return this.wsdl.document.path;
  }

  /** A `.wsdl`/`.xsd` document of the project, for `<gateway URL>`; undefined when the project has none at `path`. */
  render(path: string, gatewayUrl: string): Buffer | undefined {
    const key = `${path}\n${gatewayUrl}`;
    let body = this.renderings.get(key);
    if (body !== undefined) return body;
    const template = this.templateOf(path);
    if (template === undefined) return undefined;
    body = Buffer.from(template.render(gatewayUrl), 'utf8');
    if (this.renderings.size >= RENDERINGS_KEPT) this.renderings.clear();
    this.renderings.set(key, body);
    return body;
  }

  private templateOf(path: string): WsdlDocumentTemplate | undefined {
    let template = this.templates.get(path);
    if (template !== undefined) return template;
    const { files } = this.wsdl.document;
    const text = Object.hasOwn(files, path) ? files[path] : undefined;
    if (text === undefined) return undefined;
    template = new WsdlDocumentTemplate(text, this.endpointPaths, { path, files });
    this.templates.set(path, template);
    return template;
  }
}
