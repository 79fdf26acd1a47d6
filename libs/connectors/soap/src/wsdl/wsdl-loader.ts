import { posix } from 'node:path';
import soap, { type IOptions, type WSDL } from 'soap';

/**
 * Fetches a document the WSDL imports (xs:import/xs:include schemaLocation, wsdl:import), given
 * its location resolved against the importing document's. The caller decides which files and URLs
 * may be read; the engine never touches the file system or the network itself.
 */
export type WsdlImportLoader = (location: string) => Promise<string>;

export interface LoadedWsdl {
  readonly wsdl: WSDL;
  /** Text of every document read, root first, keyed by location: the binding reader reads them again. */
  readonly documents: ReadonlyMap<string, string>;
}

// soap fetches imports through its HttpClient when their location is an http(s) URL: every
// import is renamed to such a URL under this reserved host so that the loader answers them all.
const IMPORT_BASE = 'https://wsdl-import.portico.invalid/';

/** Parses a WSDL with soap's WSDL class; rejects with soap's (or the loader's) error. */
export function loadWsdl(text: string, location: string, loadImport?: WsdlImportLoader): Promise<LoadedWsdl> {
  const documents = new Map<string, string>([[location, text]]);
  const realLocation = (uri: string): string => (uri.startsWith(IMPORT_BASE) ? decodeURIComponent(uri.slice(IMPORT_BASE.length)) : location);
  const httpClient = {
    request(uri: string, _data: unknown, callback: (error: unknown, response?: { status: number; data?: string }, body?: string) => void) {
      const target = realLocation(uri);
      if (loadImport === undefined) {
        callback(new Error(`the WSDL imports ${target}, and no import loader was given`));
        return;
      }
      loadImport(target).then(
        (body) => {
          documents.set(target, body);
          callback(null, { status: 200, data: body }, body);
        },
        (error: unknown) => callback(new Error(`cannot load ${target}: ${error instanceof Error ? error.message : String(error)}`)),
      );
    },
  };
  const options = {
    httpClient,
    wsdl_options: {
      overrideImportLocation: (_resolved: string, parentUri: string, importLocation: string) =>
        IMPORT_BASE + encodeURIComponent(resolveImport(realLocation(parentUri), importLocation)),
    },
  } as unknown as IOptions;
  return new Promise((resolve, reject) => {
    try {
      const wsdl = new soap.WSDL(text, location, options);
      wsdl.onReady((error) => (error ? reject(error) : resolve({ wsdl, documents })));
    } catch (error) {
      reject(error);
    }
  });
}

function resolveImport(parent: string, reference: string): string {
  if (/^https?:/i.test(reference) || posix.isAbsolute(reference)) return reference;
  if (/^https?:/i.test(parent)) return new URL(reference, parent).href;
  return posix.join(posix.dirname(parent), reference);
}
