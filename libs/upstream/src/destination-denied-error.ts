/** The code the connect-time destination check fails a connection with; classified as `denied`. */
export const DESTINATION_DENIED_CODE = 'PORTICO_DESTINATION_DENIED';

/** A connection the gateway refused to open: `upstream.destinations`, or a loop back to itself. */
export class DestinationDeniedError extends Error {
  readonly code = DESTINATION_DENIED_CODE;

  constructor(reason: string) {
    super(reason);
    this.name = 'DestinationDeniedError';
  }
}
