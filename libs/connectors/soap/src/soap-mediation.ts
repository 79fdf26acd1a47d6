import { type Problem } from '#core';
import { compileOperation } from './operation-compiler.js';
import { type SoapMediationSource } from './soap-mediation-source.js';
import { type SoapOperation } from './soap-operation.js';
import { type SoapVersion } from './soap-version.js';
import { parseWsdl, type ParsedWsdl } from './wsdl/parsed-wsdl.js';
import { selectPort } from './wsdl/port-selection.js';

/** The compiled REST-to-SOAP mediation of one API: immutable, shared by every request. */
export class SoapMediation {
  constructor(
    readonly service: string,
    readonly port: string,
    readonly version: SoapVersion,
    /** soap:address of the port: informative; the cluster's endpoints decide where requests go. */
    readonly address: string | undefined,
    private readonly operations: ReadonlyMap<string, SoapOperation>,
  ) {}

  /** The operation compiled for a mapping id, e.g. `POST /orders`. */
  operation(id: string): SoapOperation | undefined {
    return this.operations.get(id);
  }

  get operationIds(): string[] {
    return [...this.operations.keys()];
  }
}

export type SoapCompileResult =
  | { readonly mediation: SoapMediation; readonly problems?: undefined }
  | { readonly mediation?: undefined; readonly problems: Problem[] };

/** Deploy time: parses the WSDL, picks service and port, compiles every mapping. All problems are reported at once. */
export async function compileSoapMediation(source: SoapMediationSource): Promise<SoapCompileResult> {
  const parsed = await parseWsdl({ text: source.wsdlText, location: source.wsdlLocation, loadImport: source.loadImport });
  if ('problems' in parsed) return parsed;
  return compileParsedSoapMediation(parsed.wsdl, source);
}

/** The same from an already parsed WSDL (several APIs sharing one, or after generating OpenAPI from it). */
export function compileParsedSoapMediation(wsdl: ParsedWsdl, source: Pick<SoapMediationSource, 'service' | 'port' | 'operations'>): SoapCompileResult {
  const selected = selectPort(wsdl.bindings, source.service, source.port);
  if ('code' in selected) return { problems: [selected] };
  const problems: Problem[] = [];
  const operations = new Map<string, SoapOperation>();
  for (const mapping of source.operations) {
    const compiled = compileOperation(wsdl, selected, mapping);
    if ('code' in compiled) problems.push(compiled);
    else operations.set(mapping.id, compiled);
  }
  if (problems.length > 0) return { problems };
  return { mediation: new SoapMediation(selected.port.service, selected.port.name, selected.binding.version, selected.port.address, operations) };
}
