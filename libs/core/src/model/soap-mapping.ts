/**
 * Where a REST-to-SOAP API's WSDL comes from: a document of its project (with the project's
 * other `.wsdl`/`.xsd` files, which it may import by relative path), or a URL fetched when the
 * API is deployed.
 */
export type WsdlSource =
  | {
      readonly kind: 'document';
      /** The document's path in the project, e.g. `WSDL/PhoneVerification.wsdl`. */
      readonly path: string;
      readonly text: string;
      /** Every `.wsdl` and `.xsd` file of the project by path, for the imports of the document. */
      readonly files: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'url'; readonly url: string };

/** The root `x-portico-soap`: the SOAP service a REST API mediates to. */
export interface SoapService {
  readonly wsdl: WsdlSource;
  /** The WSDL service; optional when the WSDL has one. */
  readonly service?: string;
  /** The service's port; optional: its first SOAP 1.1 port, else its first SOAP 1.2 port. */
  readonly port?: string;
  /** Where the extension was written (file and JSON pointer). */
  readonly location: string;
}

/** An operation's `x-portico-soap`: the WSDL operation its requests become. */
export interface SoapOperationMapping {
  readonly operation: string;
  readonly location: string;
}

/**
 * The WSDL a SOAP pass-through API serves at `<base path>?wsdl` (its project's single `.wsdl`,
 * or the one the root `x-portico-wsdl` names), with the project's other documents it may import.
 */
export interface ServedWsdl {
  readonly document: WsdlSource & { readonly kind: 'document' };
  /** Served without consumer authentication (the default); false: the operation's security applies. */
  readonly public: boolean;
}
