import { type Problem } from '#core';
import { XsdModelBuilder, type SoapSchema } from '../xsd/xsd-model-builder.js';
import { XmlSyntaxError } from '../xml/xml-reader.js';
import { loadWsdl, type WsdlImportLoader } from './wsdl-loader.js';
import { readSoapBindings, type WsdlSoapBindings } from './wsdl-bindings.js';

/** The part of soap's port type operations the mediation reads: the input and output elements. */
export interface SoapMessageNode {
  readonly $name?: string;
  readonly targetNamespace?: string;
  readonly $targetNamespace?: string;
  /** Present on messages whose parts are typed (RPC style) rather than one element. */
  readonly parts?: Record<string, unknown>;
}

export interface SoapPortTypeMethod {
  readonly input?: SoapMessageNode | null;
  readonly output?: SoapMessageNode | null;
}

/** A WSDL parsed once at deploy time; compile and the OpenAPI generation both start from it. */
export interface ParsedWsdl {
  /** Where the WSDL came from, for messages. */
  readonly location: string;
  readonly bindings: WsdlSoapBindings;
  readonly portTypes: Readonly<Record<string, { readonly methods: Readonly<Record<string, SoapPortTypeMethod>> }>>;
  readonly models: XsdModelBuilder;
}

export interface WsdlSource {
  readonly text: string;
  /** Path or URL of the WSDL: imports are resolved against it. */
  readonly location: string;
  readonly loadImport?: WsdlImportLoader;
}

interface SoapDefinitions {
  readonly xmlns?: Record<string, string>;
  readonly schemas?: Record<string, SoapSchema>;
  readonly portTypes?: ParsedWsdl['portTypes'];
}

/** Parses the WSDL with the soap package (plus its imports through the loader); bad input is a `soap.wsdl-invalid` problem. */
export async function parseWsdl(source: WsdlSource): Promise<{ wsdl: ParsedWsdl } | { problems: Problem[] }> {
  const invalid = (reason: string): { problems: Problem[] } => ({
    problems: [{ code: 'soap.wsdl-invalid', message: `the WSDL ${source.location} cannot be used: ${reason}` }],
  });
  try {
    const { wsdl, documents } = await loadWsdl(source.text, source.location, source.loadImport);
    const definitions = wsdl.definitions as unknown as SoapDefinitions;
    const bindings = readSoapBindings(documents.values());
    if (bindings.bindings.size === 0) return invalid('it declares no SOAP 1.1 or 1.2 binding');
    return {
      wsdl: {
        location: source.location,
        bindings,
        portTypes: definitions.portTypes ?? {},
        models: new XsdModelBuilder(definitions.schemas ?? {}, definitions.xmlns ?? {}),
      },
    };
  } catch (error) {
    return invalid(reasonOf(error));
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof XmlSyntaxError || error instanceof Error) return error.message.split('\n')[0]!;
  // soap throws plain objects for some XML errors ({ Fault: { faultstring, detail } }).
  const fault = (error as { Fault?: { detail?: string; faultstring?: string } } | undefined)?.Fault;
  return fault?.detail ?? fault?.faultstring ?? String(error);
}
