import type { ConnectionOptions } from 'node:tls';
import { Client } from 'undici';
import { BackendCredentialsUnavailable } from '#core';
import type { UpstreamDestinationPolicy } from '#settings';
import { guardedConnector, upstreamErrorKind } from '#upstream';
import { basicClientAuthentication, formEncoded, type OAuth2Client, tokenRequest, type TokenRequest } from './oauth2-client.js';
import { describeErrorResponse, type IssuedToken, readTokenResponse } from './token-response.js';

/** A token response is a few hundred bytes; a bigger body is not one. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Asks one token endpoint for tokens (RFC 6749 §4.4 client credentials). It dials like any
 * backend: through the destination guard, with the TLS options the caller chose. Every failure is
 * a BackendCredentialsUnavailable naming the endpoint and the reason, never the secret or a token.
 */
export class OAuth2TokenSource {
  /** The token URL as shown in messages: without user info and query, which may carry secrets. */
  readonly endpoint: string;
  private readonly client: Client;
  private readonly path: string;
  private readonly request: TokenRequest;
  private readonly secrets: readonly string[];

  constructor(
    oauth2: OAuth2Client,
    destinations: UpstreamDestinationPolicy,
    tls: ConnectionOptions,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(oauth2.tokenUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the token URL must be http or https: ${url.protocol}`);
    const https = url.protocol === 'https:';
    const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
    this.endpoint = `${url.origin}${url.pathname}`;
    this.path = `${url.pathname}${url.search}`;
    this.request = tokenRequest(oauth2);
    this.secrets = secretForms(oauth2);
    this.client = new Client(url.origin, {
      connect: guardedConnector(destinations, port, { timeout: timeoutMs, ...(https ? tls : {}) }),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  /** One token request; rejects with BackendCredentialsUnavailable. */
  async fetch(): Promise<IssuedToken> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let status: number;
    let body: string;
    try {
      const response = await this.client.request({ method: 'POST', path: this.path, headers: this.request.headers, body: this.request.body, signal });
      status = response.statusCode;
      body = await boundedText(response.body);
    } catch (error) {
      throw this.unavailable(signal.aborted ? `did not answer within ${this.timeoutMs} ms` : failureReason(error, this.timeoutMs));
    }
    if (status < 200 || status > 299) throw this.unavailable(describeErrorResponse(status, body));
    const read = readTokenResponse(status, body);
    if ('problem' in read) throw this.unavailable(read.problem);
    return read;
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private unavailable(reason: string): BackendCredentialsUnavailable {
    // The endpoint's own words (error_description) could echo what it was sent.
    const safe = this.secrets.reduce((text, secret) => text.split(secret).join('***'), reason);
    return new BackendCredentialsUnavailable(`token endpoint ${this.endpoint} ${safe}`);
  }
}

async function boundedText(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      throw Object.assign(new Error(`answered more than ${MAX_RESPONSE_BYTES} bytes`), { code: 'PORTICO_TOKEN_RESPONSE_TOO_LARGE' });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function failureReason(error: unknown, timeoutMs: number): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === 'PORTICO_TOKEN_RESPONSE_TOO_LARGE') return String(message);
  switch (upstreamErrorKind(error)) {
    case 'denied':
      return `is refused: ${String(message)}`;
    case 'timeout':
      return `did not answer within ${timeoutMs} ms`;
    case 'connect':
      return `could not be reached: ${String(message)}`;
    default:
      return `failed: ${typeof code === 'string' ? `${code} ` : ''}${String(message)}`;
  }
}

/** The secret as it was sent, in each encoding, so none of them can leak into a message. */
function secretForms(oauth2: OAuth2Client): string[] {
  const { clientSecret } = oauth2;
  // Too short to be worth hiding, and masking it would mangle the message.
  if (clientSecret.length < 4) return [];
  const forms = [clientSecret, formEncoded(clientSecret), encodeURIComponent(clientSecret), basicClientAuthentication(oauth2).slice('Basic '.length)];
  return [...new Set(forms)];
}
