import { Injectable } from '@nestjs/common';
import { type ApiDefinition, authorityOf, type ClusterSpec, type Connector, ConnectorFactory, GatewayConnector, type Problem } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { BackendTls, dialledSetProblems, EndpointProbe, guardedConnector, HttpForwarder } from '#upstream';
import { SoapHttpSender } from '../http/soap-http-sender.js';
import { type PreparedSoapApi, prepareSoapApi } from './soap-api-preparation.js';
import { SoapConnector, type SoapMember } from './soap-connector.js';
import { type WsdlUrlFetcher, wsdlUrlFetcherOf } from './wsdl-url-fetcher.js';

/** Largest JSON body a REST-to-SOAP request may carry: it is read whole to be converted. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/**
 * The `soap` backend type (issue 19): SOAP APIs (api.yaml `type: SOAP`) passed through as they
 * are (spec §10.3), and REST APIs with a root `x-portico-soap`, mediated to a SOAP service. For
 * those the WSDL is loaded and compiled once per deploy in `prepare`; requests only write and
 * read messages. Endpoints must pass `upstream.destinations` at deploy time and on every connect.
 */
@GatewayConnector({
  type: 'soap',
  description: 'SOAP backends: envelopes passed through, or REST APIs mediated to SOAP operations (x-portico-soap)',
  capabilities: { probe: true, schemes: ['http', 'https'] },
})
@Injectable()
export class SoapConnectorFactory extends ConnectorFactory {
  private readonly prepared = new WeakMap<ApiDefinition, PreparedSoapApi>();
  private readonly failed = new WeakSet<ApiDefinition>();
  private readonly fetcher: WsdlUrlFetcher;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly destinations: UpstreamDestinationPolicy,
    private readonly backendTls: BackendTls,
  ) {
    super();
    this.fetcher = wsdlUrlFetcherOf(settings, destinations, backendTls);
  }

  override async prepare(api: ApiDefinition): Promise<readonly Problem[]> {
    if (passesThrough(api)) return [];
    if (api.soap === undefined) {
      this.failed.add(api);
      return [{ code: 'soap.mapping-invalid', message: `${api.name}:${api.version} has no x-portico-soap naming its WSDL`, location: api.connector.location }];
    }
    const result = await prepareSoapApi(api, api.soap, this.fetcher);
    if ('problems' in result) {
      this.failed.add(api);
      return result.problems;
    }
    this.prepared.set(api, result.prepared);
    return [];
  }

  override validate(spec: ClusterSpec): readonly Problem[] {
    const problems = dialledSetProblems(spec, { type: 'soap', schemes: ['http', 'https'] }, this.destinations, this.backendTls);
    if (!passesThrough(spec.api) && !this.prepared.has(spec.api)) {
      const why = this.failed.has(spec.api) ? 'its WSDL or mappings did not compile' : 'the connector was not prepared for it';
      problems.push({ code: 'connector.prepare-failed', message: `the SOAP mediation of ${spec.api.name}:${spec.api.version} is not ready: ${why}`, location: spec.api.soap?.location });
    }
    return problems;
  }

  override fingerprint(spec: ClusterSpec): string {
    if (passesThrough(spec.api)) return `${super.fingerprint(spec)}:pass-through`;
    return `${super.fingerprint(spec)}:${this.prepared.get(spec.api)?.identity ?? 'unprepared'}`;
  }

  create(spec: ClusterSpec): Connector {
    // Envelopes forwarded unchanged and streamed, as any HTTP request (spec §10.3).
    if (passesThrough(spec.api)) return HttpForwarder.forCluster(spec, this.settings, this.destinations, this.backendTls);
    const prepared = this.prepared.get(spec.api);
    const upstream = this.settings.upstream;
    const connections = Math.min(upstream.maxConnectionsPerEndpoint, spec.endpointSet.circuitBreakers?.maxConnections ?? Number.MAX_SAFE_INTEGER);
    // One sender per member: the destination guard checks each member's port, TLS names its host.
    const members: SoapMember[] = spec.endpointSet.urls.map((url) => {
      const host = url.host.includes(':') ? `[${url.host}]` : url.host;
      const tls = this.backendTls.connectionOptions(url, spec.endpointSet.tls);
      const connect = guardedConnector(this.destinations, url.port, { timeout: upstream.connectTimeoutMs, ...tls });
      const sender = new SoapHttpSender({ connector: connect, pool: { connections, keepAliveTimeoutMs: upstream.keepAliveTimeoutMs } });
      const origin = new URL(`${url.scheme}://${host}:${url.port}`);
      // Probes dial exactly as the SOAP requests do, TLS and destination guard included.
      const probe = new EndpointProbe(origin, connect, sender.dispatcher, authorityOf(url));
      return { url: `${origin.origin}${url.basePath}`, basePath: url.basePath, sender, probe };
    });
    return new SoapConnector(prepared?.routes ?? new Map(), members, MAX_REQUEST_BYTES, `${spec.api.name}:${spec.api.version} ${spec.endpointSet.name}`);
  }
}

/** A SOAP API without REST-to-SOAP mappings: its envelopes pass through. */
function passesThrough(api: ApiDefinition): boolean {
  return api.soap === undefined && api.type === 'SOAP';
}
