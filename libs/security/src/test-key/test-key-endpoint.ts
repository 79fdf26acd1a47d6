import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import { builtInLoginRefusal, type DataPlaneEndpoint, LoginThrottle, printable, throttleAddressKey } from '#core';
import type { GatewaySettings } from '#settings';
import type { VerificationClock } from '../jwt/verification-clock.js';
import { basicCredentialsOf } from './basic-credentials.js';
import { TestKeySigningKey } from './test-key-signing-key.js';
import { TestKeyUsers } from './test-key-users.js';
import { TestTokenIssuer } from './test-token-issuer.js';

/** Choreo Connect's texts (spec §11.5), all sent as text/plain. */
export const TEST_KEY_TEXTS = {
  noAuthorization: 'User is NOT authorized to generate a token. Please provide a valid Authorization header to continue.',
  wrongCredentials: 'Wrong username or password. Please provide valid credentials.',
  badRequest: 'Error occurred while processing the request.',
  /** Portico's: Choreo Connect does not throttle /testkey logins. */
  throttled: 'Too many failed logins. Please try again later.',
} as const;

/** A form body with a scope list is far smaller; a larger one is refused rather than buffered. */
export const MAX_TEST_KEY_BODY_BYTES = 16 * 1024;

/**
 * `POST /testkey` on the data plane (spec §11.5), served when `security.testKey.enabled`: HTTP
 * Basic against `security.testKey.users`, an optional form body `scope=a b` (standard form
 * decoding: `+` is a space, `%XX` a byte), and a 200 text/plain RS256 token from the
 * TestTokenIssuer. A failed login leaves one log line naming the user and the client, never the
 * password.
 */
export class TestKeyEndpoint implements DataPlaneEndpoint {
  readonly method = 'POST';
  readonly path = '/testkey';
  private readonly logger = new Logger('TestKey');

  constructor(
    readonly issuer: TestTokenIssuer,
    private readonly users: TestKeyUsers,
    private readonly throttle: LoginThrottle,
  ) {}

  /** The users are checked before the key is read or generated: settings that cannot start leave no key behind. */
  static async start(settings: GatewaySettings, clock?: VerificationClock): Promise<TestKeyEndpoint> {
    const users = new TestKeyUsers(settings);
    if (users.builtIn) {
      new Logger('TestKey').warn('No /testkey user is configured (security.testKey.users): the built-in admin/admin gets test tokens, for clients on this machine only');
    }
    const key = await TestKeySigningKey.load(settings);
    const { issuer, validitySeconds } = settings.security.testKey;
    return new TestKeyEndpoint(new TestTokenIssuer(issuer, key, validitySeconds, clock), users, new LoginThrottle(settings.security.testKey.loginThrottle));
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const credentials = basicCredentialsOf(req.headers.authorization);
    if (credentials.kind === 'missing') return reply(res, 401, TEST_KEY_TEXTS.noAuthorization);
    if (credentials.kind === 'undecodable') return reply(res, 400, TEST_KEY_TEXTS.badRequest);
    const { username, password } = credentials;
    const refusal = this.users.builtIn ? builtInLoginRefusal(req.socket.remoteAddress, req.headers) : undefined;
    if (refusal !== undefined) {
      this.logger.warn(`Refused the built-in /testkey login: ${refusal}; configure security.testKey.users`);
      return reply(res, 401, TEST_KEY_TEXTS.wrongCredentials);
    }
    const admission = this.throttle.admit(username, throttleAddressKey(req.socket.remoteAddress));
    if (!admission.admitted) {
      res.setHeader('retry-after', String(Math.max(1, Math.ceil(admission.retryAfterMs / 1000))));
      return reply(res, 429, TEST_KEY_TEXTS.throttled);
    }
    let reported = false;
    this.users
      .verify(username, password)
      .then(async (accepted) => {
        reported = true;
        if (!accepted) {
          const record = this.throttle.failed(admission.ticket);
          const client = printable(req.socket.remoteAddress ?? 'unknown', 60);
          const locked = record.lockedForMs > 0 ? `; locked out for ${Math.round(record.lockedForMs / 1000)} s` : '';
          this.logger.warn(`Failed /testkey login: user "${printable(username, 100)}" from ${client}${locked}`);
          return reply(res, 401, TEST_KEY_TEXTS.wrongCredentials);
        }
        this.throttle.succeeded(admission.ticket);
        const body = await readBody(req);
        if (body === undefined) return reply(res, 400, TEST_KEY_TEXTS.badRequest, true);
        const scope = new URLSearchParams(body).get('scope') ?? '';
        reply(res, 200, this.issuer.issue(username, scope));
      })
      .catch((error: unknown) => {
        // Every admitted attempt reports its outcome once, or its name and address stay counted as busy.
        if (!reported) this.throttle.failed(admission.ticket);
        this.logger.error(`/testkey failed: ${(error as Error).stack ?? String(error)}`);
        reply(res, 500, TEST_KEY_TEXTS.badRequest, true);
      });
  }
}

function reply(res: ServerResponse, status: number, text: string, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    'content-type': 'text/plain',
    'content-length': body.length,
    // A token is a credential: no cache may keep it.
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/** The body as UTF-8 text; undefined when it exceeds MAX_TEST_KEY_BODY_BYTES or the client went away. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  if (req.readableEnded) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (body: string | undefined): void => {
      req.off('data', onData).off('end', onEnd).off('error', onFailure).off('close', onFailure);
      resolve(body);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_TEST_KEY_BODY_BYTES) done(undefined);
      else chunks.push(chunk);
    };
    const onEnd = (): void => done(Buffer.concat(chunks).toString('utf8'));
    const onFailure = (): void => done(undefined);
    req.on('data', onData).on('end', onEnd).on('error', onFailure).on('close', onFailure);
  });
}
