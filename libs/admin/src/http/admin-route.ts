import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';

/**
 * What AdminRequestGate must know of a route before its body is read. A route that declares
 * nothing needs credentials and takes no body: forgetting the declaration fails closed.
 */
export interface AdminRouteOptions {
  /** Answered without credentials (the token endpoint, the OpenAPI document). */
  readonly public?: boolean;
  /** Media types (lower case, no parameters) of the bodies the route reads; any other is 415. */
  readonly bodyTypes?: readonly string[];
  /** Largest body (bytes); default admin.maxUploadBytes. */
  readonly maxBodyBytes?: number;
}

const CONFIG_KEY = 'porticoAdmin';

/** Declares a handler's admin route options (as Fastify route config, readable in onRequest hooks). */
export function AdminRoute(options: AdminRouteOptions): MethodDecorator {
  return applyDecorators(RouteConfig({ [CONFIG_KEY]: options }));
}

/** The options of the route a request matched; unknown routes (404) get the defaults too. */
export function adminRouteOf(request: { readonly routeOptions?: { readonly config?: unknown } }): AdminRouteOptions {
  const config = request.routeOptions?.config as Record<string, unknown> | undefined;
  return (config?.[CONFIG_KEY] as AdminRouteOptions | undefined) ?? {};
}
