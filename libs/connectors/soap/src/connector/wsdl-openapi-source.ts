import { posix } from 'node:path';
import type { Problem, WsdlOpenApiInput } from '#core';
import type { WsdlImportLoader } from '../wsdl/wsdl-loader.js';
import { projectWsdlLoader } from './project-wsdl-loader.js';
import type { WsdlUrlFetcher } from './wsdl-url-fetcher.js';

/** A WSDL ready to parse, with the loader of its imports and the `wsdl` the generated mapping names. */
export interface LoadedWsdlSource {
  readonly text: string;
  /** Where the WSDL is, for messages and to resolve its relative imports. */
  readonly location: string;
  readonly loadImport: WsdlImportLoader;
  /** What the document's root `x-portico-soap.wsdl` says; undefined: `WSDL/<service>.wsdl`. */
  readonly mappedAs?: string;
}

/** Name of a posted WSDL in messages, when the caller does not say where it will sit. */
const POSTED_LOCATION = 'posted.wsdl';

/**
 * The WSDL of an OpenAPI generation request: posted as text (imports cannot be resolved), taken
 * from a project zip (imports from the project only, as at deploy time) or fetched by URL through
 * the guarded fetcher the connector uses at deploy time (imports by URL too).
 */
export async function loadWsdlSource(input: WsdlOpenApiInput, fetcher: WsdlUrlFetcher): Promise<LoadedWsdlSource | { problems: Problem[] }> {
  switch (input.kind) {
    case 'document': {
      const location = input.path ?? POSTED_LOCATION;
      const loadImport: WsdlImportLoader = (imported) =>
        Promise.reject(new Error(`a WSDL posted alone cannot import ${imported}: post a project zip holding the WSDL and its imports`));
      return { text: input.text, location, loadImport, ...(input.path !== undefined && { mappedAs: input.path }) };
    }
    case 'project':
      return fromProject(input.files, input.path);
    case 'url': {
      const loadImport: WsdlImportLoader = (location) => fetcher.fetch(/^https?:/i.test(location) ? location : new URL(location, input.url).href);
      try {
        return { text: await fetcher.fetch(input.url), location: input.url, loadImport, mappedAs: input.url };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { problems: [{ code: 'soap.wsdl-unavailable', message: `the WSDL ${input.url} could not be fetched: ${reason}` }] };
      }
    }
  }
}

function fromProject(files: Readonly<Record<string, string>>, wanted: string | undefined): LoadedWsdlSource | { problems: Problem[] } {
  const wsdls = Object.keys(files).filter((name) => name.endsWith('.wsdl'));
  const listed = wsdls.join(', ') || 'none';
  let path: string | undefined;
  if (wanted !== undefined) {
    path = posix.normalize(wanted.replace(/^\/+/, ''));
    if (!Object.hasOwn(files, path) || !path.endsWith('.wsdl')) {
      return { problems: [{ code: 'soap.wsdl-unavailable', message: `the project has no WSDL ${wanted} (its .wsdl files: ${listed})` }] };
    }
  } else if (wsdls.length === 1) {
    path = wsdls[0]!;
  } else {
    const reason = wsdls.length === 0 ? 'the project holds no .wsdl file' : `the project holds several WSDL files (${listed}): name one with ?wsdl=<path>`;
    return { problems: [{ code: 'soap.wsdl-unavailable', message: reason }] };
  }
  return { text: files[path]!, location: path, loadImport: projectWsdlLoader(files), mappedAs: path };
}
