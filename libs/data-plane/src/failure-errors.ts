import { REQUEST_ERRORS, type RequestErrorSpec, type UpstreamFailureKind } from '#core';

/** What the client sees when an attempt produced no response (spec §16.2). */
export const FAILURE_ERRORS: Readonly<Record<Exclude<UpstreamFailureKind, 'aborted'>, RequestErrorSpec>> = {
  connect: REQUEST_ERRORS.upstreamConnect,
  timeout: REQUEST_ERRORS.upstreamTimeout,
  reset: REQUEST_ERRORS.upstreamReset,
  termination: REQUEST_ERRORS.upstreamTermination,
  protocol: REQUEST_ERRORS.upstreamProtocol,
  overflow: REQUEST_ERRORS.upstreamOverflow,
  denied: REQUEST_ERRORS.upstreamDestinationDenied,
};
