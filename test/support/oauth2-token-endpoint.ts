import { randomBytes } from 'node:crypto';
import { type RecordedRequest, startBackend } from '#testing';

/** What the endpoint answers next: tokens with this lifetime, or this error. */
export type TokenAnswer = { readonly expiresIn?: number } | { readonly status: number; readonly body: Record<string, unknown> };

export interface TokenEndpoint {
  /** The token URL (`http://127.0.0.1:<port>/oauth2/token`). */
  readonly url: string;
  /** Every token request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Every access token issued, in order. */
  readonly issued: readonly string[];
  answer: TokenAnswer;
  close(): Promise<void>;
}

/**
 * A real OAuth2 token endpoint (RFC 6749 §4.4) on 127.0.0.1: it issues unique opaque tokens, after
 * `delayMs` (so that concurrent first requests all wait on one token request), or answers
 * the error it is told to. It does not check the client: the tests assert on `requests`.
 */
export async function startTokenEndpoint(options: { readonly delayMs?: number; readonly answer?: TokenAnswer } = {}): Promise<TokenEndpoint> {
  const issued: string[] = [];
  const state = { answer: options.answer ?? { expiresIn: 3600 } };
  const backend = await startBackend(async (_req, res) => {
    if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const answer = state.answer;
    if ('status' in answer) {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
      return;
    }
    const token = `at-${issued.length + 1}-${randomBytes(12).toString('hex')}`;
    issued.push(token);
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', ...(answer.expiresIn !== undefined && { expires_in: answer.expiresIn }) }));
  });
  return {
    url: `${backend.url}/oauth2/token`,
    requests: backend.requests,
    issued,
    get answer() {
      return state.answer;
    },
    set answer(answer: TokenAnswer) {
      state.answer = answer;
    },
    close: () => backend.close(),
  };
}
