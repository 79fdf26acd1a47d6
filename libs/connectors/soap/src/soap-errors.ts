import { type UpstreamFailureKind } from '#core';

/**
 * Typed failures of a mediated exchange. The data plane maps them to responses; the status is
 * the one the mediation means (400: the client's JSON does not fit the input message, 502: the
 * backend's answer cannot be understood).
 */
export class SoapRequestError extends Error {
  readonly status = 400;
  override name = 'SoapRequestError';

  /** Each issue starts with the field path, e.g. `customer.orders[2].quantity: expected an integer (xs:int)`. */
  constructor(readonly issues: readonly string[]) {
    super(`the request does not fit the SOAP input message: ${issues.join('; ')}`);
  }
}

export class SoapResponseError extends Error {
  readonly status = 502;
  override name = 'SoapResponseError';
}

/** The HTTP exchange with the backend failed before a complete answer arrived. */
export type SoapTransportFailure = UpstreamFailureKind | 'too-large';

export class SoapTransportError extends Error {
  override name = 'SoapTransportError';

  constructor(readonly failure: SoapTransportFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
