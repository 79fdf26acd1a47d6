import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayListeners } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';

/** One token request as the endpoint received it. */
export interface ReceivedTokenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly form: URLSearchParams;
}

/** What the endpoint answers to request number `n` (1-based); `hold` never answers. */
export type TokenAnswer = { readonly status: number; readonly body: string } | 'hold';

export const tokenAnswer = (n: number): TokenAnswer => ({
  status: 200,
  body: JSON.stringify({ access_token: `token-${n}`, token_type: 'Bearer', expires_in: 3600 }),
});

/** A real token endpoint on 127.0.0.1: records each request, answers as `answer` says. */
export class TestTokenEndpoint {
  readonly requests: ReceivedTokenRequest[] = [];
  answer: (n: number) => TokenAnswer = tokenAnswer;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TestTokenEndpoint> {
    const server = createServer();
    const endpoint = new TestTokenEndpoint(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        endpoint.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, form: new URLSearchParams(Buffer.concat(chunks).toString()) });
        endpoint.respond(res, endpoint.answer(endpoint.requests.length));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/oauth2/token`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private respond(res: ServerResponse, answer: TokenAnswer): void {
    if (answer === 'hold') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  }
}

/** The destination rules on default settings (loopback allowed; gateway ports unbound), adjusted by `tweak`. */
export function destinationPolicy(tweak: (settings: GatewaySettings) => void = () => undefined): UpstreamDestinationPolicy {
  const settings = new GatewaySettings();
  settings.dataPlane.httpPort = 0;
  settings.dataPlane.httpsPort = 0;
  settings.admin.port = 0;
  tweak(settings);
  return new UpstreamDestinationPolicy(settings, new GatewayListeners());
}

/** Waits until `condition` holds (real timers), failing after `limitMs`. */
export async function eventually(condition: () => boolean, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
