import { type WsdlImportLoader } from './wsdl/wsdl-loader.js';

/**
 * The root `x-portico-soap` extension of a REST-to-SOAP API: which WSDL, and optionally which
 * service and port of it. `wsdl` is a project-relative path, an absolute file path or an http(s)
 * URL; the caller fetches it (and its imports) and gives the engine the text.
 */
export interface SoapApiExtension {
  readonly wsdl: string;
  readonly service?: string;
  readonly port?: string;
}

/** The per-operation `x-portico-soap` extension: `{ operation: <WSDL operation name> }`. */
export interface SoapOperationExtension {
  readonly operation: string;
}

/** One REST operation mapped to a WSDL operation. */
export interface SoapOperationMapping extends SoapOperationExtension {
  /** How the data plane finds the compiled operation again, e.g. `POST /orders`; also names it in problems. */
  readonly id: string;
  /** Path and query parameters of the REST operation: each must name a simple field of the input element. */
  readonly parameters?: readonly string[];
  /** Where the mapping is written (file and JSON pointer), copied into its problems. */
  readonly location?: string;
}

export interface SoapMediationSource {
  readonly wsdlText: string;
  /** The resolved path or URL of the WSDL, for messages and relative imports. */
  readonly wsdlLocation: string;
  readonly loadImport?: WsdlImportLoader;
  readonly service?: string;
  readonly port?: string;
  readonly operations: readonly SoapOperationMapping[];
}
