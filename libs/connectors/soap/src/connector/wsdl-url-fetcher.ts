import { Agent, request } from 'undici';
import type { EndpointUrl } from '#core';
import type { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { type BackendTls, guardedConnector } from '#upstream';

export interface WsdlFetchLimits {
  /** Time to establish the connection (upstream.connectTimeoutMs). */
  readonly connectTimeoutMs: number;
  /** Time for the whole document, head and body. */
  readonly timeoutMs: number;
  /** Largest document read (definitions.maxDocumentBytes). */
  readonly maxBytes: number;
}

/**
 * Fetches WSDL and XSD documents by http(s) URL at deploy time, dialling as the connectors do:
 * through the destination guard (upstream.destinations, the gateway's own listeners) and with
 * the gateway's backend trust store. Redirects are not followed: the URL must name the document.
 */
export class WsdlUrlFetcher {
  constructor(
    private readonly destinations: UpstreamDestinationPolicy,
    private readonly backendTls: BackendTls,
    private readonly limits: WsdlFetchLimits,
  ) {}

  /** The document's text; rejects with an Error whose message says why (the caller names the URL). */
  async fetch(location: string): Promise<string> {
    const url = parseHttpUrl(location);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const tls = this.backendTls.connectionOptions(endpointUrlOf(url, port), undefined);
    const agent = new Agent({ connect: guardedConnector(this.destinations, port, { timeout: this.limits.connectTimeoutMs, ...tls }) });
    try {
      const response = await request(url, {
        dispatcher: agent,
        headers: { accept: 'text/xml, application/xml, application/wsdl+xml, */*' },
        signal: AbortSignal.timeout(this.limits.timeoutMs),
      });
      if (response.statusCode < 200 || response.statusCode > 299) {
        await response.body.dump();
        throw new Error(`HTTP ${response.statusCode}`);
      }
      return await this.readBounded(response.body);
    } catch (error) {
      throw new Error(reasonOf(error), { cause: error });
    } finally {
      void agent.destroy();
    }
  }

  private async readBounded(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.limits.maxBytes) {
        body.destroy();
        throw new Error(`the document exceeds ${this.limits.maxBytes} bytes (definitions.maxDocumentBytes)`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** Time to fetch one WSDL or XSD document by URL (a deploy's preparation is bounded to 60 s). */
const WSDL_FETCH_TIMEOUT_MS = 20_000;

/** The fetcher of deploys and of the admin API's OpenAPI generation, on the gateway's settings. */
export function wsdlUrlFetcherOf(settings: GatewaySettings, destinations: UpstreamDestinationPolicy, backendTls: BackendTls): WsdlUrlFetcher {
  return new WsdlUrlFetcher(destinations, backendTls, {
    connectTimeoutMs: settings.upstream.connectTimeoutMs,
    timeoutMs: WSDL_FETCH_TIMEOUT_MS,
    maxBytes: settings.definitions.maxDocumentBytes,
  });
}

function parseHttpUrl(location: string): URL {
  const url = URL.canParse(location) ? new URL(location) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error(`${location} is not an http(s) URL`);
  return url;
}

function endpointUrlOf(url: URL, port: number): EndpointUrl {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { rawUrl: url.href, scheme: url.protocol === 'https:' ? 'https' : 'http', host, port, basePath: '' };
}

/** The failure in a user's words: `connect ECONNREFUSED 127.0.0.1:9`, `HTTP 404`, a timeout. */
function reasonOf(error: unknown): string {
  const { name, code, message, errors } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown; errors?: unknown };
  if (name === 'TimeoutError') return 'timed out';
  let text = typeof message === 'string' ? message : String(error);
  // Happy eyeballs fails with an AggregateError whose own message is empty.
  if (text === '' && Array.isArray(errors)) text = errors.map((e: unknown) => reasonOf(e)).join('; ');
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text || 'failed';
}
