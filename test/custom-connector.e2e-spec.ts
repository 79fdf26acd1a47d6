import { Injectable, Module } from '@nestjs/common';
import {
  type ClusterSpec,
  type Connector,
  ConnectorFactory,
  type ForwardOutcome,
  GatewayConnector,
  type Problem,
  type ResponseTarget,
  type UpstreamRequest,
} from '#core';
import { openApiDocument, startTestGateway, type TestGateway } from '#testing';

/** A user-written backend type: answers with a greeting from its options, no network. */
@GatewayConnector({ type: 'greeting' })
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
@GatewayConnector({ type: 'shout' })
@Injectable()
class ShoutConnectorFactory extends GreetingConnectorFactory {
  override create(spec: ClusterSpec): Connector {
    return super.create({ ...spec, options: { greeting: String(spec.options.greeting).toUpperCase() } });
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
    gw = await startTestGateway({ start: { connectors: [GreetingConnectorFactory], imports: [ShoutModule] } });
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

  it('rejects options the connector refuses, and changes nothing', async () => {
    const res = await deploy(gw, 'hello', { type: 'greeting', options: { greeting: 42 } });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({ code: 'connector.options-invalid', problems: [{ message: 'greeting: expected text' }] });
    expect((await gw.request('/hello/world')).text).toBe('hello /world');
  });

  it('disposes the old connector once a redeploy replaces it', async () => {
    const before = GreetingConnectorFactory.disposed;
    expect((await deploy(gw, 'hello', { type: 'greeting', options: { greeting: 'bonjour' } })).status).toBe(200);
    expect((await gw.request('/hello/monde')).text).toBe('bonjour /monde');
    expect(GreetingConnectorFactory.disposed).toBe(before + 1);
  });
});
