// Checks that a target answers every benchmark request correctly before it is measured, so a
// misrouted proxy, or a secured resource refusing every credential, cannot produce fast but
// meaningless numbers.
import { AUTH_MODES } from './auth-modes.mjs';
import { ITEMS_BODY, POST_BODY } from './payloads.mjs';

async function expectExchange(target, mode, { headers, method = 'GET', body, status, bytes }) {
  const url = target.url(mode);
  const response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(10_000) });
  const received = Buffer.from(await response.arrayBuffer());
  if (response.status !== status || (bytes && !received.equals(bytes))) {
    const sent = headers ? ` with ${Object.keys(headers).join(', ')}` : '';
    throw new Error(`${target.name}: ${method} ${url}${sent} answered ${response.status} with ${received.length} bytes (${received.subarray(0, 200)}); expected ${status}`);
  }
}

/**
 * credentials: per auth mode to check, `{ header, values }` (auth-modes.mjs). Portico must accept
 * a valid credential (the first and the last of the pool) and refuse none with 401; the other
 * targets, which do not authenticate, must answer the same headers with the 1 KiB body.
 * alsoItems: further modes whose plain GET must answer the 1 KiB body (get-lb).
 */
export async function smokeTest(target, credentials = {}, { alsoItems = [] } = {}) {
  for (const mode of ['get', ...alsoItems]) await expectExchange(target, mode, { status: 200, bytes: ITEMS_BODY });
  const json = { 'content-type': 'application/json' };
  await expectExchange(target, 'post', { method: 'POST', headers: json, body: POST_BODY, status: 200, bytes: POST_BODY });
  for (const [mode, { header, values }] of Object.entries(credentials)) {
    for (const value of [values[0], values.at(-1)]) {
      await expectExchange(target, mode, { headers: { [header]: value }, status: 200, bytes: ITEMS_BODY });
    }
    if (target.name === 'portico') await expectExchange(target, mode, { status: 401 });
  }
}

/** What the auth checks of smokeTest prove, for the log. */
export function describeAuthChecks(credentials, targetNames) {
  const refusal = targetNames.includes('portico') ? ', Portico without one 401' : '';
  return Object.keys(credentials)
    .map((mode) => `${mode}: a valid ${AUTH_MODES[mode].credential} gets 200 and the 1 KiB body${refusal}`)
    .join('; ');
}
