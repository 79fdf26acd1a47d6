// The bench's auth-mode pieces that run without a gateway: `node --test bench/test/`.
// Real keys, real signed tokens, real load generators against a real server on 127.0.0.1:0.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import jwt from 'jsonwebtoken';
import { authGoals, formatAuth, summarizeAuth } from '../lib/auth-summary.mjs';
import { AUTH_MODES, writeCredentialFiles } from '../lib/auth-modes.mjs';
import { BENCH_ISSUER, createBenchCredentials } from '../lib/credentials.mjs';
import { findWrk, runWrk } from '../lib/load-wrk.mjs';
import { runAutocannon } from '../lib/load-autocannon.mjs';
import { parseOptions } from '../lib/options.mjs';
import { checkBackendJwtServed } from '../lib/portico.mjs';
import { ITEMS_BODY } from '../lib/payloads.mjs';
import { smokeTest } from '../lib/smoke-test.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-auth-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const credentials = createBenchCredentials({ dir, accessTokenCount: 40, apiKeyCount: 30 });
const files = writeCredentialFiles({ dir, modes: ['get', 'get-jwt', 'get-apikey'], credentials });

describe('options', () => {
  test('the default run measures every mode, the auth modes on Portico only, 5000 credentials each', () => {
    const options = parseOptions([]);
    assert.deepEqual(options.modes, ['get', 'post', 'get-jwt', 'get-jwt-bjwt', 'get-apikey', 'get-lb']);
    assert.deepEqual(options.authTargets, ['portico']);
    assert.equal(options.tokens, 5000);
  });
  test('get-jwt-bjwt is chosen like the other modes and sends the access tokens of get-jwt to /bench-bjwt', () => {
    assert.deepEqual(parseOptions(['--modes', 'get-jwt-bjwt,get-jwt,get']).modes, ['get', 'get-jwt', 'get-jwt-bjwt']);
    const bjwt = writeCredentialFiles({ dir, modes: ['get-jwt', 'get-jwt-bjwt'], credentials });
    assert.equal(bjwt['get-jwt-bjwt'].header, 'authorization');
    assert.deepEqual(bjwt['get-jwt-bjwt'].values, bjwt['get-jwt'].values);
    assert.equal(`${AUTH_MODES['get-jwt-bjwt'].porticoBasePath}${AUTH_MODES['get-jwt-bjwt'].porticoPath}`, '/bench-bjwt/secure/items');
  });
  test('--tokens and --auth-targets are read and checked', () => {
    const options = parseOptions(['--tokens=250', '--auth-targets', 'portico,direct', '--modes', 'get-jwt,get']);
    assert.equal(options.tokens, 250);
    assert.deepEqual(options.authTargets, ['direct', 'portico']);
    assert.deepEqual(options.modes, ['get', 'get-jwt']);
    assert.throws(() => parseOptions(['--tokens', '0']), { message: '--tokens: expected an integer from 1 to 100000, got 0' });
    assert.throws(() => parseOptions(['--auth-targets', 'envoy']), { message: '--auth-targets: expected some of direct,nginx,portico, got envoy' });
    assert.throws(() => parseOptions(['--modes', 'get-basic']), { message: '--modes: expected some of get,post,get-jwt,get-jwt-bjwt,get-apikey,get-lb, got get-basic' });
  });
});

describe('credentials', () => {
  const pem = fs.readFileSync(credentials.publicKeyFile, 'utf8');
  test('access tokens are distinct RS256 JWTs of the bench issuer, valid for an hour, that the public key verifies', () => {
    assert.match(pem, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(new Set(credentials.accessTokens).size, 40);
    const claims = jwt.verify(credentials.accessTokens[3], pem, { algorithms: ['RS256'], issuer: BENCH_ISSUER });
    assert.equal(claims.sub, 'bench-user-3');
    assert.equal(claims.keytype, 'PRODUCTION');
    assert.equal(claims.exp - claims.iat, 3600);
    assert.equal(typeof claims.jti, 'string');
    assert.equal(typeof claims.azp, 'string');
  });
  test('API keys are distinct RS256 JWTs with token_type apiKey and no exp', () => {
    assert.equal(new Set(credentials.apiKeys).size, 30);
    const claims = jwt.verify(credentials.apiKeys[0], pem, { algorithms: ['RS256'] });
    assert.equal(claims.token_type, 'apiKey');
    assert.equal(claims.keytype, 'PRODUCTION');
    assert.equal(claims.exp, undefined);
    assert.equal(typeof claims.jti, 'string');
  });
  test('the header files hold one header value per line: Bearer <jwt>, and the bare API key', () => {
    assert.deepEqual(Object.keys(files), ['get-jwt', 'get-apikey']);
    const jwtLines = fs.readFileSync(files['get-jwt'].file, 'utf8').trim().split('\n');
    assert.equal(files['get-jwt'].header, 'authorization');
    assert.deepEqual(jwtLines, credentials.accessTokens.map((t) => `Bearer ${t}`));
    assert.equal(files['get-apikey'].header, 'apikey');
    assert.deepEqual(fs.readFileSync(files['get-apikey'].file, 'utf8').trim().split('\n'), credentials.apiKeys);
  });
});

/**
 * A server that counts the values of `header` it sees, echoes POST bodies and answers GETs with
 * the 1 KiB body; a GET of `securedPath` without the header gets 401.
 */
function countingServer(header, { securedPath } = {}) {
  const seen = new Map();
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') return void req.pipe(res);
    const value = req.headers[header];
    if (value !== undefined) seen.set(value, (seen.get(value) ?? 0) + 1);
    if (req.url === securedPath && value === undefined) return void res.writeHead(401).end('{"code":"900901"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(ITEMS_BODY);
  });
  return { server, seen, listen: () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port))) };
}

describe('load generators send every credential of the pool in turn', () => {
  let target;
  let port;
  before(async () => {
    target = countingServer('apikey');
    port = await target.listen();
  });
  after(() => target.server.close());

  const spec = () => ({ url: `http://127.0.0.1:${port}/items`, method: 'GET', credentials: { header: 'apikey', file: files['get-apikey'].file }, connections: 4, seconds: 1 });
  const wrk = findWrk();
  test('wrk (bench/lib/wrk-report.lua)', { skip: wrk ? false : 'wrk is not installed' }, async () => {
    target.seen.clear();
    const result = await runWrk(wrk, spec());
    assert.equal(result.non2xx, 0);
    assert.equal(target.seen.size, 30);
    const counts = [...target.seen.values()];
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `uneven use: ${Math.min(...counts)}..${Math.max(...counts)}`);
  });
  test('autocannon (bench/lib/autocannon-worker.mjs)', async () => {
    target.seen.clear();
    const result = await runAutocannon(spec());
    assert.equal(result.non2xx, 0);
    assert.equal(target.seen.size, 30);
  });
});

describe('smoke test', () => {
  test('passes a Portico that accepts the credential and refuses its absence with 401', async () => {
    const secured = countingServer('apikey', { securedPath: '/key/items' });
    const port = await secured.listen();
    const paths = { get: '/items', post: '/echo', 'get-apikey': '/key/items' };
    try {
      await smokeTest({ name: 'portico', url: (mode) => `http://127.0.0.1:${port}${paths[mode]}` }, { 'get-apikey': files['get-apikey'] });
      assert.equal(secured.seen.size, 2); // the first and the last key of the pool
    } finally {
      secured.server.close();
    }
  });
  test('fails loudly when the secured resource refuses a valid credential', async () => {
    const server = http.createServer((req, res) => {
      if (req.method === 'POST') return void req.pipe(res);
      const secured = req.url.endsWith('/key/items');
      res.writeHead(secured ? 401 : 200).end(secured ? 'no' : ITEMS_BODY);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${server.address().port}`;
    const target = { name: 'portico', url: (mode) => `${base}${mode === 'get-apikey' ? '/key/items' : '/items'}` };
    try {
      await assert.rejects(smokeTest(target, { 'get-apikey': files['get-apikey'] }), { message: `portico: GET ${base}/key/items with apikey answered 401 with 2 bytes (no); expected 200` });
    } finally {
      server.close();
    }
  });
});

describe('get-jwt-bjwt check', () => {
  const serving = (status, body) => {
    const server = http.createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
  };
  test('passes a Portico whose /.wellknown/jwks has a key; fails one that answers 404 (no API sends backend JWTs)', async () => {
    const served = await serving(200, JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k1' }] }));
    const absent = await serving(404, '{"code":"404"}');
    try {
      assert.equal(await checkBackendJwtServed(served.address().port), 1);
      await assert.rejects(checkBackendJwtServed(absent.address().port), { message: /\/\.wellknown\/jwks answered 404 .*expected the JWKS of the backend JWT that \/bench-bjwt turns on/ });
    } finally {
      served.close();
      absent.close();
    }
  });
});

describe('authentication cost summary', () => {
  const portico = (rps, cpu) => ({ targets: { portico: { rps, cpuUsPerRequest: cpu } } });
  test('ratio to Portico get, CPU of both, and the 0.8x floor with the 0.95x aim', () => {
    const auth = summarizeAuth({ get: portico(10_000, 100), 'get-jwt': portico(9_000, 110), 'get-apikey': portico(7_000, 140) });
    assert.equal(auth['get-jwt'].throughputVsGet, 0.9);
    assert.equal(auth['get-jwt'].cpuUsAddedPerRequest, 10);
    assert.deepEqual(authGoals(auth), [
      { goal: 'get-jwt throughput >= 0.8x Portico get (aim 0.95x)', value: 0.9, status: 'PASS', note: 'below the 0.95x aim' },
      { goal: 'get-apikey throughput >= 0.8x Portico get (aim 0.95x)', value: 0.7, status: 'FAIL', note: 'below the 0.95x aim' },
    ]);
  });
  test('get-jwt-bjwt: its ratio to get and to get-jwt of the same run, and no goal of its own', () => {
    const auth = summarizeAuth({ get: portico(10_000, 100), 'get-jwt': portico(9_000, 110), 'get-jwt-bjwt': portico(8_100, 122) });
    assert.equal(auth['get-jwt-bjwt'].throughputVsGet, 0.81);
    assert.deepEqual(auth['get-jwt-bjwt'].comparedWith, { mode: 'get-jwt', throughput: 0.9, rps: 9_000, cpuUsPerRequest: 110, cpuUsAddedPerRequest: 12 });
    assert.equal(auth['get-jwt'].comparedWith, undefined);
    assert.deepEqual(authGoals(auth).map((g) => g.goal), ['get-jwt throughput >= 0.8x Portico get (aim 0.95x)']);
    assert.match(formatAuth(auth).join('\n'), /get-jwt-bjwt +0\.810x get throughput .*\n +0\.900x get-jwt throughput \(8100 vs 9000 req\/s\) +CPU 122\.0 vs 110\.0 us\/request \(\+12\.0\)/);
    assert.equal(summarizeAuth({ get: portico(10_000, 100), 'get-jwt-bjwt': portico(8_100, 122) })['get-jwt-bjwt'].comparedWith.throughput, null);
  });
  test('SKIP without a Portico get of the same run', () => {
    assert.equal(authGoals(summarizeAuth({ 'get-jwt': portico(9_000, 110) }))[0].status, 'SKIP');
  });
});
