import { Module } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayModule, type GatewaySettings, loadSettings, startGateway } from '#gateway';
import { call, writeTestConfig } from '#testing';

/** A user's own configuration module: it knows where the gateway's settings file is. */
const CONFIG_FILE = Symbol('app.ConfigFile');

/** Issue 20: the gateway composed from settings made in DI (GatewayModule.forRootAsync), booted by startGateway. */
describe('GatewayModule.forRootAsync', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-async-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes its settings from a factory injecting the application’s own providers', async () => {
    const file = writeTestConfig(dir);
    @Module({ providers: [{ provide: CONFIG_FILE, useValue: file }], exports: [CONFIG_FILE] })
    class AppConfigModule {}
    const gateway = await startGateway(
      GatewayModule.forRootAsync({
        imports: [AppConfigModule],
        inject: [CONFIG_FILE],
        useFactory: async (configFile: string): Promise<GatewaySettings> => loadSettings({ argv: ['--config', configFile], env: {}, cwd: dir }),
      }),
      { logger: ['error'] },
    );
    try {
      expect((await call({ port: gateway.ports.http, path: '/health' })).status).toBe(200);
      expect(gateway.ports.admin).toBeGreaterThan(0);
    } finally {
      await gateway.close();
    }
  });

  it('refuses to start when the factory does not make GatewaySettings', async () => {
    const start = startGateway(GatewayModule.forRootAsync({ useFactory: () => ({ dataDir: dir }) as unknown as GatewaySettings }), { logger: [] });
    await expect(start).rejects.toThrow('GatewayModule.forRootAsync: useFactory must return GatewaySettings (from loadSettings or loadProcessSettings)');
  });

  it('refuses connectors or imports given beside a module, which would otherwise be ignored', async () => {
    const start = startGateway(GatewayModule.forRootAsync({ useFactory: () => ({}) as unknown as GatewaySettings }), { imports: [], logger: [] });
    await expect(start).rejects.toThrow('startGateway: connectors and imports go to GatewayModule.forRoot/forRootAsync when a module is given');
  });
});
