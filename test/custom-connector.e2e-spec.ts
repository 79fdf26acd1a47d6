import { Injectable, Module } from '@nestjs/common';
import {
  type ApiDefinition,
  type ClusterSpec,
  type Connector,
  ConnectorFactory,
  type ForwardOutcome,
  GatewayConnector,
  type Problem,
  type ResponseTarget,
  type UpstreamRequest,
} from '#core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessTokenClaims, generateTestKeyPair, openApiDocument, signJwt, startTestGateway, type TestGateway, writeCertificatePem } from '#testing';

/** A user-written backend type: answers with a greeting from its options, no network. */
@GatewayConnector({ type: 'greeting', options: { type: 'object', properties: { greeting: { type: 'string' } } } })
@Injectable()
class GreetingConnectorFactory extends ConnectorFactory {
  static disposed = 0;

  override validate(spec: ClusterSpec): readonly Problem[] {
    return typeof spec.options.greeting === 'string'
      ? []
      : [{ code: 'connector.options-invalid', message: 'greeting: expected text', location: '#/x-portico-connector/options/greeting' }];
  }

  create(spec: ClusterSpec): Connector {
    const greeting = String(spec.options.greeting);
    return {
      forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
        request.body?.resume();
        target.accept({ statusCode: 200, headers: { 'content-type': 'text/plain' } })?.end(`${greeting} ${request.path}`);
        return Promise.resolve({ kind: 'response', statusCode: 200 });
      },
      dispose: () => {
        GreetingConnectorFactory.disposed++;
        return Promise.resolve();
      },
    };
  }
}

/** The same through a module: discovery finds decorated providers wherever they are. */
@GatewayConnector({ type: 'shout', options: { type: 'object', properties: { greeting: { type: 'string' } } } })
@Injectable()
class ShoutConnectorFactory extends GreetingConnectorFactory {
  override create(spec: ClusterSpec): Connector {
    return super.create({ ...spec, options: { greeting: String(spec.options.greeting).toUpperCase() } });
  }
}

/** Answers with what it was told of the caller: the principal the operation's security verified. */
@GatewayConnector({ type: 'who' })
@Injectable()
class WhoConnectorFactory extends ConnectorFactory {
  create(): Connector {
    return {
      forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
        const p = request.principal;
        const who = p === undefined ? null : { subject: p.subject, keyType: p.keyType, issuer: p.issuer, scopes: p.scopes };
        target.accept({ statusCode: 200, headers: { 'content-type': 'application/json' } })?.end(JSON.stringify(who));
        return Promise.resolve({ kind: 'response', statusCode: 200 });
      },
      dispose: () => Promise.resolve(),
    };
  }
}

/**
 * A connector with asynchronous deploy-time work (as a WSDL to load): `prepare` loads its "document"
 * (here: a timer), `create` uses what it prepared. Options: `{ document: 'ok' | 'refuse' | 'throw' }`.
 */
@GatewayConnector({ type: 'prepared', options: { type: 'object', properties: { document: { type: 'string', enum: ['ok', 'refuse', 'throw'] } } } })
@Injectable()
class PreparedConnectorFactory extends ConnectorFactory {
  static prepared: string[] = [];
  private readonly documents = new WeakMap<ApiDefinition, string>();

  override async prepare(api: ApiDefinition): Promise<readonly Problem[]> {
    PreparedConnectorFactory.prepared.push(api.name);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const document = api.connector.options.document;
    if (document === 'throw') throw new Error('the document server is down');
    if (document === 'refuse') return [{ code: 'connector.options-invalid', message: 'the document has no operation named ping' }];
    this.documents.set(api, `document of ${api.name}`);
    return [];
  }

  create(spec: ClusterSpec): Connector {
    const document = this.documents.get(spec.api) ?? 'NOT PREPARED';
    return {
      forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
        request.body?.resume();
        target.accept({ statusCode: 200, headers: { 'content-type': 'text/plain' } })?.end(document);
        return Promise.resolve({ kind: 'response', statusCode: 200 });
      },
      dispose: () => Promise.resolve(),
    };
  }
}

@Module({ providers: [ShoutConnectorFactory] })
class ShoutModule {}

const deploy = (gw: TestGateway, title: string, connector: unknown) =>
  gw.admin('/portico/v1/apis?override=true', {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: openApiDocument({ title, basePath: `/${title}`, production: ['http://127.0.0.1:1'], extra: { 'x-portico-connector': connector } }),
  });

describe('connectors written by users (ARCHITECTURE §3)', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ start: { connectors: [GreetingConnectorFactory, PreparedConnectorFactory], imports: [ShoutModule] } });
  });

  afterAll(async () => {
    await gw.destroy();
  });

  it('serves an API through a connector given to GatewayModule.forRoot({ connectors })', async () => {
    expect((await deploy(gw, 'hello', { type: 'greeting', options: { greeting: 'hello' } })).status).toBe(201);
    expect((await gw.request('/hello/world')).text).toBe('hello /world');
  });

  it('serves an API through a connector a user module provides', async () => {
    expect((await deploy(gw, 'loud', { type: 'shout', options: { greeting: 'hey' } })).status).toBe(201);
    expect((await gw.request('/loud/you')).text).toBe('HEY /you');
  });

  it('rejects options that do not fit the declared schema, each with its path, and changes nothing', async () => {
    const res = await deploy(gw, 'hello', { type: 'greeting', options: { greeting: 42, greting: 'hi' } });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'connector.options-invalid',
      problems: [
        { message: 'greeting connector: greeting must be a string, not 42', location: expect.stringMatching(/#\/x-portico-connector\/options\/greeting$/) },
        { message: 'greeting connector: greting is not an option of this connector; its options: greeting', location: expect.stringMatching(/#\/x-portico-connector\/options\/greting$/) },
      ],
    });
    expect((await gw.request('/hello/world')).text).toBe('hello /world');
  });

  it("rejects options the connector's own validation refuses", async () => {
    const res = await deploy(gw, 'hello', { type: 'greeting', options: {} });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({ code: 'connector.options-invalid', problems: [{ message: 'greeting: expected text' }] });
    expect((await gw.request('/hello/world')).text).toBe('hello /world');
  });

  it('warns when a set asks for health checks that its connector cannot run', async () => {
    const res = await gw.admin('/portico/v1/apis', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: openApiDocument({
        title: 'probed',
        basePath: '/probed',
        extra: {
          'x-portico-connector': { type: 'greeting', options: { greeting: 'hi' } },
          'x-wso2-production-endpoints': { urls: ['http://127.0.0.1:1'], 'x-portico-health-check': { path: '/healthz' } },
        },
      }),
    });
    expect(res.status).toBe(201);
    const warnings = res.json<{ warnings: { code: string; location: string }[] }>().warnings;
    expect(warnings.filter((w) => w.code === 'endpoint.health-check-unsupported')).toEqual([
      expect.objectContaining({ location: expect.stringContaining('x-wso2-production-endpoints') }),
    ]);
    expect((await gw.request('/probed/x')).text).toBe('hi /x');
  });

  it('runs a connector\'s asynchronous prepare before its clusters are created, once per compiled API', async () => {
    expect((await deploy(gw, 'prepared', { type: 'prepared', options: { document: 'ok' } })).status).toBe(201);
    expect((await gw.request('/prepared/x')).text).toBe('document of prepared');
    const before = PreparedConnectorFactory.prepared.length;
    // Another API's deploy does not prepare (or recompile) this one again.
    expect((await deploy(gw, 'other', { type: 'greeting', options: { greeting: 'hi' } })).status).toBe(201);
    expect(PreparedConnectorFactory.prepared.length).toBe(before);
  });

  it('refuses a deploy whose connector cannot prepare it, with its problems or the error, and changes nothing', async () => {
    const refused = await deploy(gw, 'prepared', { type: 'prepared', options: { document: 'refuse' } });
    expect(refused.status).toBe(422);
    expect(refused.json()).toMatchObject({ problems: [{ code: 'connector.options-invalid', message: 'the document has no operation named ping' }] });
    const thrown = await deploy(gw, 'prepared', { type: 'prepared', options: { document: 'throw' } });
    expect(thrown.status).toBe(422);
    expect(thrown.json()).toMatchObject({
      problems: [{ code: 'connector.prepare-failed', message: 'the prepared connector could not prepare prepared:1.0.0: the document server is down' }],
    });
    expect((await gw.request('/prepared/x')).text).toBe('document of prepared');
  });

  it('serves a set by its own x-portico-connector: another type, or the same type with other options', async () => {
    const document = {
      openapi: '3.0.3',
      info: { title: 'mixed', version: '1.0.0' },
      'x-wso2-basePath': '/mixed',
      'x-wso2-disable-security': true,
      'x-portico-connector': { type: 'greeting', options: { greeting: 'hello' } },
      'x-wso2-production-endpoints': { urls: ['http://127.0.0.1:1'] },
      paths: {
        '/plain': { get: { responses: { '200': { description: 'ok' } } } },
        '/bye': {
          'x-wso2-production-endpoints': { urls: ['http://127.0.0.1:1'], 'x-portico-connector': { options: { greeting: 'bye' } } },
          get: { responses: { '200': { description: 'ok' } } },
        },
        '/mocked': {
          'x-wso2-production-endpoints': { 'x-portico-connector': 'mock' },
          get: { responses: { '200': { description: 'ok', content: { 'application/json': { example: { from: 'the example' } } } } } },
        },
      },
    };
    const res = await gw.admin('/portico/v1/apis', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
    expect(res.json()).toMatchObject({ name: 'mixed' });
    expect((await gw.request('/mixed/plain')).text).toBe('hello /plain');
    expect((await gw.request('/mixed/bye')).text).toBe('bye /bye');
    expect((await gw.request('/mixed/mocked')).json()).toEqual({ from: 'the example' });
  });

  it('disposes the old connector once a redeploy replaces it', async () => {
    const before = GreetingConnectorFactory.disposed;
    expect((await deploy(gw, 'hello', { type: 'greeting', options: { greeting: 'bonjour' } })).status).toBe(200);
    expect((await gw.request('/hello/monde')).text).toBe('bonjour /monde');
    expect(GreetingConnectorFactory.disposed).toBe(before + 1);
  });
});

describe('what a connector learns of the caller (for issue 17: backend JWT, backend auth)', () => {
  const ISSUER = 'https://km.portico.test/oauth2/token';

  it('hands the verified principal to the connector, and none where the resource is open', async () => {
    const key = generateTestKeyPair();
    const dir = mkdtempSync(join(tmpdir(), 'portico-principal-'));
    const certificateFile = await writeCertificatePem(key, dir);
    const gw = await startTestGateway({
      settings: { security: { issuers: [{ name: 'Test KM', issuer: ISSUER, certificateFile }] } },
      start: { connectors: [WhoConnectorFactory] },
    });
    try {
      const api = (title: string, open: boolean) =>
        gw.admin('/portico/v1/apis', {
          method: 'POST',
          headers: { 'content-type': 'application/yaml' },
          body: openApiDocument({ title, basePath: `/${title}`, production: ['http://127.0.0.1:1'], open, extra: { 'x-portico-connector': { type: 'who' } } }),
        });
      expect((await api('secured', false)).status).toBe(201);
      expect((await api('open', true)).status).toBe(201);
      const token = signJwt(accessTokenClaims({ issuer: ISSUER, subject: 'bob@carbon.super' }), { key });
      const seen = await gw.request('/secured/x', { headers: { authorization: `Bearer ${token}` } });
      expect([seen.status, seen.json()]).toEqual([200, { subject: 'bob@carbon.super', keyType: 'PRODUCTION', issuer: 'Test KM', scopes: ['default'] }]);
      expect((await gw.request('/open/x')).json()).toBeNull();
      // A mock calls no backend, so the caller's key type selects nothing (spec §7.1).
      const mock = await gw.admin('/portico/v1/apis', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: openApiDocument({ title: 'mocked', basePath: '/mocked', open: false, extra: { 'x-portico-mock': true } }),
      });
      expect(mock.status).toBe(201);
      // The mock's own answer for a response without examples (§10.5), never a key-type 401 of §7.3.
      for (const keytype of ['SANDBOX', 'DEV']) {
        const token = signJwt(accessTokenClaims({ issuer: ISSUER, extra: { keytype } }), { key });
        const answer = await gw.request('/mocked/x', { headers: { authorization: `Bearer ${token}` } });
        expect([keytype, answer.status, answer.text.includes('900871')]).toEqual([keytype, 501, true]);
      }
    } finally {
      await gw.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
