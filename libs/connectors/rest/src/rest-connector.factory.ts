import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Injectable } from '@nestjs/common';
import { Pool } from 'undici';
import { authorityOf, type ClusterSpec, type Connector, ConnectorFactory, type EndpointUrl, GatewayConnector, type Problem } from '#core';
import { GatewaySettings, resolveSettingsPath, UpstreamDestinationPolicy } from '#settings';
import { endpointDestinationProblems } from './endpoint-destinations.js';
import { EndpointProbe } from './endpoint-probe.js';
import { guardedConnector } from './guarded-connector.js';
import { RestConnector } from './rest-connector.js';

/**
 * The `rest` backend type: HTTP/1.1 over undici pools, plain or TLS (spec §10.1, §14). Endpoints
 * must pass `upstream.destinations` at deploy time and again on every connect.
 */
@GatewayConnector({ type: 'rest' })
@Injectable()
export class RestConnectorFactory extends ConnectorFactory {
  /** The gateway-wide trust store for HTTPS backends; undefined = Node's default CAs. */
  private readonly trustedCas: string | undefined;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly destinations: UpstreamDestinationPolicy,
  ) {
    super();
    const file = settings.upstream.tls.trustedCertFile;
    this.trustedCas = file === undefined ? undefined : readFileSync(resolveSettingsPath(settings, file), 'utf8');
  }

  override validate(spec: ClusterSpec): readonly Problem[] {
    const problems: Problem[] = Object.keys(spec.options).map((key) => ({
      code: 'connector.options-invalid',
      message: `the rest connector takes no option '${key}'`,
      location: `#/x-portico-connector/options/${key}`,
    }));
    spec.endpointSet.urls.forEach((url, i) => {
      if (url.scheme !== 'http' && url.scheme !== 'https') {
        problems.push({
          code: 'endpoint.scheme-unsupported',
          message: `the rest connector calls http and https endpoints, not ${url.scheme}: ${url.rawUrl}`,
          location: `${spec.endpointSet.location}/urls/${i}`,
        });
      }
    });
    problems.push(...endpointDestinationProblems(spec.endpointSet, this.destinations));
    return problems;
  }

  create(spec: ClusterSpec): Connector {
    const upstream = this.settings.upstream;
    const pools: Pool[] = [];
    const probes: EndpointProbe[] = [];
    // The cluster's maxConnections (spec §9.3) bounds the tries in flight across members; no
    // member needs a bigger pool than that either.
    const poolSize = Math.min(upstream.maxConnectionsPerEndpoint, spec.endpointSet.circuitBreakers?.maxConnections ?? Number.MAX_SAFE_INTEGER);
    for (const url of spec.endpointSet.urls) {
      const origin = new URL(`${url.scheme}://${url.host.includes(':') ? `[${url.host}]` : url.host}:${url.port}`);
      // One connect function per endpoint: probes dial exactly as the pool does.
      const connect = guardedConnector(this.destinations, url.port, { timeout: upstream.connectTimeoutMs, ...this.tlsOptions(url) });
      const pool = new Pool(origin, {
        connections: poolSize,
        pipelining: 1,
        keepAliveTimeout: upstream.keepAliveTimeoutMs,
        headersTimeout: upstream.routeTimeoutMs,
        bodyTimeout: upstream.idleTimeoutMs,
        connect,
      });
      pools.push(pool);
      probes.push(new EndpointProbe(origin, connect, pool, authorityOf(url)));
    }
    return new RestConnector(pools, upstream.idleTimeoutMs, probes);
  }

  /** Spec §14: the API's certificates for this URL, else the gateway trust store; SNI for names only. */
  private tlsOptions(url: EndpointUrl): ConnectionOptions {
    if (url.scheme !== 'https') return {};
    const tls = this.settings.upstream.tls;
    const ca = url.trustedCertificates?.join('\n') ?? this.trustedCas;
    return {
      ...(ca === undefined ? {} : { ca }),
      rejectUnauthorized: !tls.disableVerification,
      ...(tls.verifyHostname ? {} : { checkServerIdentity: () => undefined }),
      ...(isIP(url.host) === 0 ? { servername: url.host } : {}),
    };
  }
}
