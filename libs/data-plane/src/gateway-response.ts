import { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestRecord } from '#core';

/**
 * The data plane's response class (the listeners create every response as one): it carries the
 * request's record, so whatever answers the request (a proxied response, an error, a handshake)
 * can name the request id and note what it did without another parameter on every call.
 */
export class GatewayResponse extends ServerResponse {
  record: RequestRecord | undefined = undefined;
  /** The client connection, kept: Node detaches `socket` from the response (and may from the request) once it ended. */
  clientSocket: Socket | undefined = undefined;
}

/** The record of a response; undefined for responses the data plane did not create (unit tests). */
export function recordOf(res: ServerResponse): RequestRecord | undefined {
  return (res as Partial<GatewayResponse>).record;
}
