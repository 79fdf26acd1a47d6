/** What the REST side of a request contributes to the SOAP input message. */
export interface SoapRequestInput {
  /** The parsed JSON body (undefined when the request has none). */
  readonly body?: unknown;
  /**
   * Path and query parameters by name. A parameter named like a field of the input element fills
   * that field (typed like a body value); others are ignored (they may be meant for the gateway,
   * e.g. an API key). A field given both in the body and as a parameter is refused.
   */
  readonly parameters?: Readonly<Record<string, string | readonly string[]>>;
}

/** The HTTP request to send to a SOAP endpoint; the endpoint itself is chosen per try. */
export interface SoapHttpRequest {
  readonly body: Buffer;
  /** content-type, and soapaction for SOAP 1.1 (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
}
