import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { parse, stringify } from 'yaml';
import {
  accessTokenClaims,
  ccFixture,
  ccFixturePath,
  describeWithCcFixtures,
  generateTestKeyPair,
  readProject,
  signJwt,
  startTestGateway,
  type TestGateway,
  type TestKeyPair,
  writeCertificatePem,
  zipProject,
} from '#testing';
import { closedPort, type NamedWebSocketBackend, startNamedEchoBackend, startRefusingBackend } from './support/websocket-backends.js';
import { closeWebSocket, connectWebSocket, handshakeRefusal, roundTrip } from './support/websocket-client.js';

/**
 * WebSocket APIs (issue 18, spec §10.2) on more of Choreo Connect's fixtures: the apictl sample
 * project deployed as a zip, channel scopes, channels with security disabled, production and
 * sandbox servers, and backends that refuse the handshake or are down. The API Manager exports
 * (integration/apim/*\/apis/WebSocket*.json) are not covered: nothing deploys those exports.
 */

const ISSUER = 'https://km.test/oauth2/token';
/** The backend every AsyncAPI fixture of integration/asyncAPIs names. */
const FIXTURE_BACKEND = /ws:\/\/mockBackend:2360/g;

type AsyncApi = Record<string, unknown> & { channels: Record<string, unknown>; servers: Record<string, unknown> };

describeWithCcFixtures('WebSocket APIs on Choreo Connect fixtures (spec §10.2)', () => {
  let dir: string;
  let key: TestKeyPair;
  let production: NamedWebSocketBackend;
  let sandbox: NamedWebSocketBackend;
  let gw: TestGateway;
  let base: string;

  const token = (extra: Record<string, unknown> = {}): string => signJwt(accessTokenClaims({ issuer: ISSUER, extra }), { key });
  /** An integration/asyncAPIs fixture pointed at `url`, with `change` applied to its parsed document. */
  const asyncApi = (name: string, url: string, change: (doc: AsyncApi) => void = () => undefined): string => {
    const doc = parse(ccFixture(`integration/asyncAPIs/${name}`).replace(FIXTURE_BACKEND, url)) as AsyncApi;
    change(doc);
    return stringify(doc);
  };
  const deploy = async (body: string | Buffer, contentType = 'application/yaml'): Promise<string> => {
    const res = await gw.admin('/portico/v1/apis?override=true', { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(res.status < 300 ? 'deployed' : `${res.status} ${res.text}`).toBe('deployed');
    return res.json<{ basePath: string }>().basePath;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-ws-fixtures-'));
    key = generateTestKeyPair('RSA');
    const certificateFile = await writeCertificatePem(key, dir);
    [production, sandbox] = await Promise.all([startNamedEchoBackend('production'), startNamedEchoBackend('sandbox')]);
    gw = await startTestGateway({ settings: { security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] } } });
    base = `ws://127.0.0.1:${gw.running.ports.http}`;
  });

  afterAll(async () => {
    await gw?.destroy();
    await production?.close();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => jest.restoreAllMocks());

  it('deploys the SampleWebsocketApi apictl project as a zip and relays a message on its channel', async () => {
    const files = readProject(ccFixturePath('samples/apiProjects/SampleWebsocketApi'));
    const local = Object.fromEntries(Object.entries(files).map(([path, content]) => [path, content.toString().replaceAll('ws://ws.ifelse.io:80', production.url)]));
    const basePath = await deploy(await zipProject('SampleWebsocketApi', local), 'application/zip');
    expect(basePath).toBe('/websocket/1.0.0');
    // The channel's publish operation configures it (spec §10.2): it asks for no scope, subscribe's `creator` does not apply.
    const socket = await connectWebSocket(`${base}${basePath}/notifications`, { token: token() });
    expect(await roundTrip(socket, 'hello sample')).toBe('production: hello sample');
    expect(production.handshakes.at(-1)?.url).toBe('/notifications');
    await closeWebSocket(socket);
  });

  it('refuses a token without the channel\'s x-scopes scope with 403 900910 before the backend, and upgrades one with it', async () => {
    const basePath = await deploy(asyncApi('websocket_scope_asyncAPI.yaml', production.url, (doc) => (doc['x-wso2-basePath'] = '/scope')));
    const before = production.handshakes.length;
    const refused = await handshakeRefusal(`${base}${basePath}/any/topic`, { token: token({ scope: 'default' }) });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ code: '900910' });
    expect(production.handshakes.length).toBe(before);
    const socket = await connectWebSocket(`${base}${basePath}/any/topic`, { token: token({ scope: 'default reader' }) });
    expect(await roundTrip(socket, 'scoped')).toBe('production: scoped');
    await closeWebSocket(socket);
  });

  it('opens the channels the fixture disables security on, and still asks for a token on its other channels', async () => {
    const definition = asyncApi('websocket_security_disabled_asyncAPI.yaml', production.url, (doc) => {
      doc.info = { title: 'WebSocketSecurityDisabledAPI', version: '1.0.0' };
      doc['x-wso2-basePath'] = '/security-disabled';
      // A channel of the same API that says nothing about security: the API's default (OAuth2) holds.
      doc.channels['/secured'] = { publish: {} };
    });
    const basePath = await deploy(definition);
    for (const channel of ['/security-disabled-via-apim-publisher', '/security-disabled-via-extension']) {
      const socket = await connectWebSocket(`${base}${basePath}${channel}`);
      expect(await roundTrip(socket, channel)).toBe(`production: ${channel}`);
      await closeWebSocket(socket);
    }
    const before = production.handshakes.length;
    const refused = await handshakeRefusal(`${base}${basePath}/secured`);
    expect([refused.status, JSON.parse(refused.body).code]).toEqual([401, '900901']);
    expect((await handshakeRefusal(`${base}${basePath}/not-a-channel`)).status).toBe(404);
    expect(production.handshakes.length).toBe(before);
    const socket = await connectWebSocket(`${base}${basePath}/secured`, { token: token() });
    expect(await roundTrip(socket, 'with a token')).toBe('production: with a token');
    await closeWebSocket(socket);
  });

  it('sends a PRODUCTION token to servers.production and a SANDBOX token to servers.sandbox', async () => {
    const definition = asyncApi('websocket_basic_asyncAPI.yaml', production.url, (doc) => {
      doc.info = { title: 'WebSocketKeyTypes', version: '1.0.0' };
      doc['x-wso2-basePath'] = '/keytypes';
      doc.servers.sandbox = { url: `${sandbox.url}/sandbox`, protocol: 'ws' };
    });
    const basePath = await deploy(definition);
    const toProduction = await connectWebSocket(`${base}${basePath}/x`, { token: token() });
    const toSandbox = await connectWebSocket(`${base}${basePath}/x`, { token: token({ keytype: 'SANDBOX' }) });
    expect(await roundTrip(toProduction, 'which?')).toBe('production: which?');
    expect(await roundTrip(toSandbox, 'which?')).toBe('sandbox: which?');
    expect([production.handshakes.at(-1)?.url, sandbox.handshakes.at(-1)?.url]).toEqual(['/v2/', '/sandbox/']);
    await Promise.all([closeWebSocket(toProduction), closeWebSocket(toSandbox)]);
    // Without servers.sandbox a SANDBOX token finds no endpoint: 401 (spec §7.3).
    const productionOnly = await deploy(asyncApi('websocket_basic_asyncAPI.yaml', production.url, (doc) => (doc['x-wso2-basePath'] = '/production-only')));
    const refused = await handshakeRefusal(`${base}${productionOnly}/x`, { token: token({ keytype: 'SANDBOX' }) });
    expect([refused.status, JSON.parse(refused.body).code]).toEqual([401, '900901']);
  });

  it('passes a backend\'s refusal of the handshake to the client: its status and its body', async () => {
    const body = '{"reason":"not on my watch"}';
    const refusing = await startRefusingBackend(403, body);
    try {
      const definition = asyncApi('websocket_basic_asyncAPI.yaml', refusing.url, (doc) => {
        doc.info = { title: 'WebSocketRefused', version: '1.0.0' };
        doc['x-wso2-basePath'] = '/refused';
      });
      const basePath = await deploy(definition);
      expect(await handshakeRefusal(`${base}${basePath}/x`, { token: token() })).toEqual({ status: 403, body });
      expect(refusing.refused).toEqual(['/v2/']);
    } finally {
      await refusing.close();
    }
  });

  it('answers 503 102503 when the only member is down, with a log line naming the endpoint', async () => {
    const warnings: string[] = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    const down = `ws://127.0.0.1:${await closedPort()}`;
    const definition = asyncApi('websocket_basic_asyncAPI.yaml', down, (doc) => {
      doc.info = { title: 'WebSocketDown', version: '1.0.0' };
      doc['x-wso2-basePath'] = '/down';
    });
    const basePath = await deploy(definition);
    const refused = await handshakeRefusal(`${base}${basePath}/x`, { token: token() });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toMatchObject({ code: '102503', message: 'Upstream connection failed' });
    expect(warnings.filter((line) => line.includes('102503') && line.includes(`${down}/v2`))).toHaveLength(1);
  });
});
