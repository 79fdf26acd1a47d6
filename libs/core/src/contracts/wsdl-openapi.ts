import type { Problem } from '../errors/problem.js';

/** What the WSDL comes as: its text, the documents of a project holding it, or a URL to fetch. */
export type WsdlOpenApiInput =
  | {
      readonly kind: 'document';
      readonly text: string;
      /** Where the WSDL will sit in the project the document is deployed with; default `WSDL/<service>.wsdl`. */
      readonly path?: string;
    }
  | {
      readonly kind: 'project';
      /** The project's `.wsdl` and `.xsd` documents by path from its root (read by DefinitionLoader.readProjectFiles). */
      readonly files: Readonly<Record<string, string>>;
      /** The WSDL's path in the project; optional when the project holds one `.wsdl` file. */
      readonly path?: string;
    }
  | { readonly kind: 'url'; readonly url: string };

/** Choices a WSDL leaves open, and what the generated document says of itself. */
export interface WsdlFacadeOptions {
  readonly service?: string;
  readonly port?: string;
  readonly title?: string;
  readonly version?: string;
  /** The API's context (`x-wso2-basePath`); default `/<service in lower case>`. */
  readonly basePath?: string;
}

export type WsdlOpenApiOutcome =
  | {
      /** OpenAPI 3.0 document with `x-portico-soap` mappings and the service address as production endpoint. */
      readonly document: Record<string, unknown>;
      /** Operations left out of the facade, with the reason. */
      readonly skipped: readonly { readonly operation: string; readonly reason: string }[];
    }
  | { readonly problems: readonly Problem[] };

/**
 * Generates the OpenAPI description of a REST facade for a SOAP service (issue 19 item 5), so a
 * REST-to-SOAP API can start from nothing but a WSDL. Implemented by the `soap` connector, which
 * owns WSDL parsing and the guarded fetch of WSDLs by URL (token WSDL_OPENAPI_GENERATOR).
 */
export interface WsdlOpenApiGenerator {
  /** Never throws for bad input: unusable WSDLs, projects and URLs are problems. */
  generate(input: WsdlOpenApiInput, options: WsdlFacadeOptions): Promise<WsdlOpenApiOutcome>;
}

export const WSDL_OPENAPI_GENERATOR = Symbol('portico.WsdlOpenApiGenerator');
