import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A path the gateway answers itself on the data-plane listener (the `/testkey` token endpoint of
 * spec §11.5), contributed by a feature lib without the data plane importing that lib. The
 * dispatcher answers an exact `method` + `path` match with `handle`, before any deployed route,
 * on any vhost; the handler owns the response (status, headers, body) and reads the request
 * body itself.
 */
export interface DataPlaneEndpoint {
  /** Upper case, e.g. `POST`. */
  readonly method: string;
  /** The normalised request path without the query, e.g. `/testkey`. */
  readonly path: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/** Injection token of the `readonly DataPlaneEndpoint[]` the data plane answers (empty when none is enabled). */
export const DATA_PLANE_ENDPOINTS = Symbol('portico.DataPlaneEndpoints');
