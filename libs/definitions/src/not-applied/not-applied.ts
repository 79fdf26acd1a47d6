import type { ProblemCode } from '#core';
import type { ProblemCollector } from '../problems/problem-collector.js';

/**
 * Features a definition can ask for that Portico does not apply yet. Deploying such a definition
 * works (as it would on a gateway that has them), but never silently: each use is a warning with
 * its own code, so a client can allow the ones it knows about and stop on the others.
 */
export type NotAppliedFeature =
  | 'throttling'
  | 'interceptors'
  | 'api-policies'
  | 'request-payload-to-enforcer'
  | 'http2-backend'
  | 'response-cache'
  | 'transports';

/** What happens instead, as the second half of the message. */
const INSTEAD: Readonly<Record<NotAppliedFeature, string>> = {
  throttling: 'Portico does not rate-limit, so requests are not throttled',
  interceptors: 'Portico does not call interceptor services, so requests and responses pass unchanged',
  'api-policies': 'Portico does not run API policies, so requests and responses pass unchanged',
  'request-payload-to-enforcer': 'Portico has no separate enforcer to pass request bodies to',
  'http2-backend': 'Portico calls backends over HTTP/1.1',
  'response-cache': 'Portico does not cache responses',
  transports: 'Portico serves every API on both its HTTP and its HTTPS listener',
};

/** Warns `not-applied.<feature>`: "<what> — not applied yet: <what happens instead>". */
export function warnNotApplied(problems: ProblemCollector, feature: NotAppliedFeature, what: string, location: string): void {
  const code: ProblemCode = `not-applied.${feature}`;
  problems.warn(code, `${what} — not applied yet: ${INSTEAD[feature]}`, location);
}

/** Throttling tiers that limit nothing: applying them or not is the same. */
export function isUnlimitedTier(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '' || /^(async)?unlimited$/i.test(value.trim());
}
