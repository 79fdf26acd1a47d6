import { createHash } from 'node:crypto';
import { type ApiDefinition, type Problem, type SoapService, stableStringify } from '#core';
import { compileSoapMediation } from '../soap-mediation.js';
import type { SoapOperationMapping } from '../soap-mediation-source.js';
import type { SoapOperation } from '../soap-operation.js';
import type { WsdlImportLoader } from '../wsdl/wsdl-loader.js';
import { PathTemplate } from './rest-parameters.js';
import { projectWsdlLoader } from './project-wsdl-loader.js';
import type { WsdlUrlFetcher } from './wsdl-url-fetcher.js';

/** One mapped REST operation, ready for requests: its compiled SOAP operation and where its path parameters are. */
export interface SoapRoute {
  readonly operation: SoapOperation;
  readonly path: PathTemplate;
}

/** What `prepare` leaves for `create`: the routes by the REST operation's location, and an identity for the fingerprint. */
export interface PreparedSoapApi {
  readonly routes: ReadonlyMap<string, SoapRoute>;
  /** Hash of the WSDL texts read and the mappings: another WSDL or mapping makes another connector. */
  readonly identity: string;
}

export type SoapPreparation = { readonly prepared: PreparedSoapApi } | { readonly problems: readonly Problem[] };

/** Loads the API's WSDL (project document or URL) and compiles every mapped operation. Never throws. */
export async function prepareSoapApi(api: ApiDefinition, service: SoapService, fetcher: WsdlUrlFetcher): Promise<SoapPreparation> {
  const source = await wsdlText(service, fetcher);
  if ('problems' in source) return source;
  const templates = new Map<string, PathTemplate>();
  const mappings: SoapOperationMapping[] = [];
  for (const resource of api.resources) {
    const path = new PathTemplate(resource.path);
    for (const operation of resource.operations) {
      if (operation.soap === undefined) continue;
      templates.set(operation.location, path);
      // Query parameters are not in the model: path parameters are checked now, query ones per request.
      mappings.push({ id: operation.location, operation: operation.soap.operation, parameters: path.names, location: operation.soap.location });
    }
  }
  const read: string[] = [];
  const recordingLoader: WsdlImportLoader = async (location) => {
    const text = await source.loadImport(location);
    read.push(location, text);
    return text;
  };
  const compiled = await compileSoapMediation({
    wsdlText: source.text,
    wsdlLocation: source.location,
    loadImport: recordingLoader,
    ...(service.service !== undefined && { service: service.service }),
    ...(service.port !== undefined && { port: service.port }),
    operations: mappings,
  });
  if (compiled.problems) return { problems: compiled.problems.map((p) => ({ ...p, location: p.location ?? service.location })) };
  const routes = new Map<string, SoapRoute>();
  for (const mapping of mappings) routes.set(mapping.id, { operation: compiled.mediation.operation(mapping.id)!, path: templates.get(mapping.id)! });
  const identity = createHash('sha256')
    .update(stableStringify({ location: source.location, text: source.text, imports: read, service: service.service, port: service.port, mappings }))
    .digest('hex');
  return { prepared: { routes, identity } };
}

interface WsdlText {
  readonly text: string;
  readonly location: string;
  readonly loadImport: WsdlImportLoader;
}

async function wsdlText(service: SoapService, fetcher: WsdlUrlFetcher): Promise<WsdlText | { problems: Problem[] }> {
  const wsdl = service.wsdl;
  if (wsdl.kind === 'document') return { text: wsdl.text, location: wsdl.path, loadImport: projectWsdlLoader(wsdl.files) };
  const loadImport: WsdlImportLoader = (location) => fetcher.fetch(/^https?:/i.test(location) ? location : new URL(location, wsdl.url).href);
  try {
    return { text: await fetcher.fetch(wsdl.url), location: wsdl.url, loadImport };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [{ code: 'soap.wsdl-unavailable', message: `the WSDL ${wsdl.url} could not be fetched: ${reason}`, location: service.location }] };
  }
}
