// The authenticated modes (issue 15): GET of the same 1 KiB resource with a consumer credential
// on every request, drawn in turn from a pool of distinct valid credentials. Portico serves a
// secured copy of /items for each; direct and nginx get the same headers on the open /items
// (they do not authenticate), so what they show is the cost of the headers and the load script.
// get-jwt-bjwt is get-jwt to a second Portico API that also sends the backend a backend JWT.
import fs from 'node:fs';
import path from 'node:path';

export const BASELINE_MODE = 'get';

/** Base path of the second Portico API, the one that sends a backend JWT (issue 17; portico.mjs). */
export const BACKEND_JWT_BASE_PATH = '/bench-bjwt';

// porticoBasePath: another Portico API than /bench's. comparedWith: the mode of the same run whose
// Portico throughput this one is divided by in the summary, next to the ratio to get.
export const AUTH_MODES = {
  'get-jwt': { header: 'authorization', prefix: 'Bearer ', pool: 'accessTokens', porticoPath: '/secure/items', credential: 'JWT access token' },
  'get-jwt-bjwt': {
    header: 'authorization',
    prefix: 'Bearer ',
    pool: 'accessTokens',
    porticoPath: '/secure/items',
    porticoBasePath: BACKEND_JWT_BASE_PATH,
    credential: 'JWT access token (backend JWT sent)',
    comparedWith: 'get-jwt',
  },
  'get-apikey': { header: 'apikey', prefix: '', pool: 'apiKeys', porticoPath: '/key/items', credential: 'API key' },
};

export const isAuthMode = (mode) => Object.hasOwn(AUTH_MODES, mode);

/**
 * Writes each measured auth mode's header values, one per line, to `<dir>/<mode>-headers.txt`
 * (what the wrk script and the autocannon worker read). Returns per mode
 * `{ header, file, values }`.
 */
export function writeCredentialFiles({ dir, modes, credentials }) {
  const files = {};
  for (const mode of modes.filter(isAuthMode)) {
    const { header, prefix, pool } = AUTH_MODES[mode];
    const values = credentials[pool].map((credential) => `${prefix}${credential}`);
    if (values.length === 0) throw new Error(`${mode}: no credentials to send`);
    const file = path.join(dir, `${mode}-headers.txt`);
    fs.writeFileSync(file, `${values.join('\n')}\n`);
    files[mode] = { header, file, values };
  }
  return files;
}
