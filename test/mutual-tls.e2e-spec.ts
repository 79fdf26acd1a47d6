import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUEST_ERRORS, WWW_AUTHENTICATE_VALUE } from '#core';
import {
  accessTokenClaims,
  apictlProject,
  generateTestKeyPair,
  selfSignedCertificatePem,
  signJwt,
  startBackend,
  startTestGateway,
  type TestBackend,
  type TestGateway,
  type TestKeyPair,
  writeCertificatePem,
  zipProject,
} from '#testing';
import { deployProject, securedDefinition } from './support/secured-api.js';

/**
 * Mutual TLS from clients to the gateway (spec §11.1, §11.8) on a real gateway: client
 * certificates over its HTTPS listener, and the certificate header of a TLS terminator, believed
 * only from `dataPlane.trustedProxies` (127.0.0.2 here; the other calls come from 127.0.0.1).
 */

const ISSUER = 'https://km.test/oauth2/token';
const PROXY_ADDRESS = '127.0.0.2';
const MUTUAL_SSL_CHALLENGE = `Mutual SSL realm="Choreo Connect", ${WWW_AUTHENTICATE_VALUE}`;

/** A client's certificate and private key, PEM. */
type ClientIdentity = Readonly<Record<'cert' | 'key', string>>;

interface Answer {
  readonly status: number;
  readonly wwwAuthenticate?: string;
  readonly code?: string;
  readonly description?: string;
}

async function clientIdentity(subject: string): Promise<ClientIdentity> {
  const pair = generateTestKeyPair('P-256');
  return { cert: await selfSignedCertificatePem(pair, subject), key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** One call on a new connection; `identity` is presented in the TLS handshake. */
function send(options: { port: number; path: string; tls: boolean; identity?: ClientIdentity; headers?: Record<string, string>; from?: string }): Promise<Answer & { body: string }> {
  return new Promise((resolve, reject) => {
    const common = { host: '127.0.0.1', port: options.port, path: options.path, headers: { host: 'localhost', ...options.headers }, agent: false, localAddress: options.from };
    const onResponse = (res: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const refusal = res.statusCode === 200 ? undefined : (JSON.parse(body) as { code: string; error_description: string });
        resolve({
          status: res.statusCode ?? 0,
          ...(res.statusCode === 401 && { wwwAuthenticate: res.headers['www-authenticate'] }),
          ...(refusal && { code: refusal.code, description: refusal.error_description }),
          body,
        });
      });
      res.on('error', reject);
    };
    const req = options.tls
      ? httpsRequest({ ...common, rejectUnauthorized: false, ...(options.identity && { cert: options.identity.cert, key: options.identity.key }) }, onResponse)
      : httpRequest(common, onResponse);
    req.on('error', reject);
    req.end();
  });
}

/** A policy 401 of an API with mutual TLS (spec §11.1, §16.1). */
const refused = ({ status, code, description }: { status: number; code: string; description: string }): Answer => ({ status, wwwAuthenticate: MUTUAL_SSL_CHALLENGE, code, description });
const strip = ({ body: _body, ...answer }: Answer & { body: string }): Answer => answer;

describe('mutual TLS from clients (spec §11.8)', () => {
  let dir: string;
  let key: TestKeyPair;
  let gold: ClientIdentity;
  let stranger: ClientIdentity;
  let backend: TestBackend;
  let gw: TestGateway;

  const https = (path: string, identity?: ClientIdentity, headers: Record<string, string> = {}): Promise<Answer & { body: string }> =>
    send({ port: gw.running.ports.https!, path, tls: true, identity, headers });
  const http = (path: string, headers: Record<string, string>, from?: string): Promise<Answer & { body: string }> =>
    send({ port: gw.running.ports.http, path, tls: false, headers, from });
  const bearer = (): Record<string, string> => ({ authorization: `Bearer ${signJwt(accessTokenClaims({ issuer: ISSUER }), { key })}` });
  const oneLine = (pem: string): string => pem.replace(/\r?\n/g, '');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-mutual-tls-'));
    key = generateTestKeyPair('RSA');
    [gold, stranger] = await Promise.all([clientIdentity('CN=gold client'), clientIdentity('CN=stranger')]);
    backend = await startBackend();
    gw = await startTestGateway({
      settings: {
        dataPlane: { trustedProxies: [`${PROXY_ADDRESS}/32`] },
        security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile: await writeCertificatePem(key, dir) }] },
      },
    });
    const files = {
      'Client-certificates/client_certificates.yaml': 'type: client_certificates\ndata:\n  - alias: gold\n    certificate: gold.crt\n    tierName: Gold\n',
      'Client-certificates/gold.crt': gold.cert,
    };
    for (const [name, securityScheme] of [
      ['Mandatory', ['oauth2', 'mutualssl', 'mutualssl_mandatory']],
      ['Optional', ['oauth2', 'mutualssl']],
      ['Both', ['oauth2', 'mutualssl', 'mutualssl_mandatory', 'oauth_basic_auth_api_key_mandatory']],
    ] as const) {
      const context = `/${name.toLowerCase()}/1.0.0`;
      const definition = securedDefinition({ title: name, basePath: context, backendUrl: backend.url });
      await deployProject(gw, { name, version: '1.0.0', context, productionUrl: backend.url, definition, apiYaml: { securityScheme }, files });
    }
    // Sandbox endpoints only: a caller authenticated by its certificate alone has the PRODUCTION key type.
    const sandboxOnly = securedDefinition({ title: 'SandboxOnly', basePath: '/sandbox-only/1.0.0', backendUrl: backend.url }).replace(
      'x-wso2-production-endpoints',
      'x-wso2-sandbox-endpoints',
    );
    const apiYaml = { securityScheme: ['oauth2', 'mutualssl', 'mutualssl_mandatory'], endpointConfig: { endpoint_type: 'http', sandbox_endpoints: { url: backend.url } } };
    await deployProject(gw, { name: 'SandboxOnly', version: '1.0.0', context: '/sandbox-only/1.0.0', definition: sandboxOnly, apiYaml, files });
  });

  it('a certificate-only caller (PRODUCTION) at an API with sandbox endpoints only → the §7.3 401, with the Mutual SSL challenge', async () => {
    expect(strip(await https('/sandbox-only/1.0.0/pets', gold))).toEqual(refused(REQUEST_ERRORS.noProductionEndpoint));
  });

  afterAll(async () => {
    await gw?.destroy();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('mandatory, application security not mandatory', () => {
    it('the API certificate in the TLS handshake → 200, no token needed', async () => {
      expect(strip(await https('/mandatory/1.0.0/pets', gold))).toEqual({ status: 200 });
    });

    it('no certificate → 401 900901 with the Mutual SSL challenge, even with a valid token', async () => {
      expect(strip(await https('/mandatory/1.0.0/pets', undefined, bearer()))).toEqual(refused(REQUEST_ERRORS.missingCredentials));
    });

    it('another certificate → 401 900901', async () => {
      expect(strip(await https('/mandatory/1.0.0/pets', stranger))).toEqual(refused(REQUEST_ERRORS.missingCredentials));
    });
  });

  describe('mandatory, application security mandatory too: both are needed', () => {
    it('the API certificate and a valid token → 200', async () => {
      expect(strip(await https('/both/1.0.0/pets', gold, bearer()))).toEqual({ status: 200 });
    });

    it('the API certificate without a token → 401 900901', async () => {
      expect(strip(await https('/both/1.0.0/pets', gold))).toEqual(refused(REQUEST_ERRORS.missingCredentials));
    });

    it('a valid token without a certificate → 401 900901', async () => {
      expect(strip(await https('/both/1.0.0/pets', undefined, bearer()))).toEqual(refused(REQUEST_ERRORS.missingCredentials));
    });
  });

  describe('optional: application security decides', () => {
    it('no certificate and a valid token → 200', async () => {
      expect(strip(await https('/optional/1.0.0/pets', undefined, bearer()))).toEqual({ status: 200 });
    });

    it('another certificate and a valid token → 200', async () => {
      expect(strip(await https('/optional/1.0.0/pets', stranger, bearer()))).toEqual({ status: 200 });
    });

    it('the API certificate without a token → 401 900901 with the Mutual SSL challenge', async () => {
      expect(strip(await https('/optional/1.0.0/pets', gold))).toEqual(refused(REQUEST_ERRORS.missingCredentials));
    });
  });

  it('a project with mandatory mutual TLS and no client certificate deploys with a warning, and refuses every caller', async () => {
    const definition = securedDefinition({ title: 'Lonely', basePath: '/lonely/1.0.0', backendUrl: backend.url });
    const apiYaml = { securityScheme: ['mutualssl', 'mutualssl_mandatory'] };
    const project = apictlProject({ name: 'Lonely', version: '1.0.0', context: '/lonely/1.0.0', productionUrl: backend.url, definition, apiYaml });
    const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/zip' }, body: await zipProject('Lonely', project) });
    expect([res.status, res.text]).toEqual([201, expect.stringContaining('mutual-ssl.no-client-certificates')]);
    expect(strip(await https('/lonely/1.0.0/pets', gold, bearer()))).toEqual(refused(REQUEST_ERRORS.missingCredentials));
  });

  describe('the certificate header of a TLS terminator', () => {
    const header = 'x-wso2-client-certificate';

    it('from a trusted proxy → believed: 200, and the header never reaches the backend', async () => {
      const res = await http('/mandatory/1.0.0/pets', { [header]: oneLine(gold.cert) }, PROXY_ADDRESS);
      expect(strip(res)).toEqual({ status: 200 });
      expect((JSON.parse(res.body) as { headers: Record<string, string> }).headers[header]).toBeUndefined();
    });

    it('from anyone else → ignored: 401 900901', async () => {
      expect(strip(await http('/mandatory/1.0.0/pets', { [header]: oneLine(gold.cert) }))).toEqual(refused(REQUEST_ERRORS.missingCredentials));
    });

    it('from a trusted proxy, another certificate → 401 900901', async () => {
      expect(strip(await http('/mandatory/1.0.0/pets', { [header]: oneLine(stranger.cert) }, PROXY_ADDRESS))).toEqual(refused(REQUEST_ERRORS.missingCredentials));
    });

    it('from a trusted proxy, not a certificate → 401 900900 Invalid client certificate', async () => {
      expect(strip(await http('/mandatory/1.0.0/pets', { [header]: 'not-a-certificate' }, PROXY_ADDRESS))).toEqual(refused(REQUEST_ERRORS.invalidClientCertificate));
    });
  });
});
