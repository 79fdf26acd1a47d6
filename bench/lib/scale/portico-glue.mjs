// Everything the scale scenario takes from Portico's built code (dist/, through the package's
// `#lib` imports), in one file so that a change of Portico's internal API is adapted here only.
//
// Routing: only the contracts of libs/core/src/contracts/routing.ts are used, through their DI
// tokens: RoutingPublisher.prepare(deployments) + publish(prepared), then
// SnapshotSource.current.match(host, method, path). The routing module and the mock connector are
// composed by Nest as in the gateway (the connector registry discovers the mock factory).
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';

const { NestFactory } = await import('@nestjs/core');
const { Global, Module } = await import('@nestjs/common');
const core = await import('#core');
const { loadSettings } = await import('#settings');

/** Settings from a gateway.yaml written by the scenario; PORTICO_* variables of the shell are ignored. */
export function settingsFrom(configFile) {
  return loadSettings({ argv: ['--config', configFile], env: {}, cwd: path.dirname(configFile) });
}

/** What the routing micro-benchmark needs: load a definition, publish a snapshot, match. */
export async function createRouting(settings) {
  const { RoutingModule } = await import('#routing');
  const { DefinitionsModule } = await import('#definitions');
  const { MockConnectorModule } = await import('#connectors/mock');
  const { SettingsModule } = await import('#settings');
  // The routing table compiles each operation's consumer security too: made visible to it as the gateway does (a global module).
  const { SecurityModule } = await import('#security');
  class ScaleBenchSecurityModule {}
  Global()(ScaleBenchSecurityModule);
  Module({ imports: [SecurityModule], exports: [SecurityModule] })(ScaleBenchSecurityModule);
  class ScaleBenchRoutingModule {}
  const app = await NestFactory.createApplicationContext(
    { module: ScaleBenchRoutingModule, imports: [SettingsModule.forRoot(settings), RoutingModule, DefinitionsModule, MockConnectorModule, ScaleBenchSecurityModule] },
    { logger: false, abortOnError: false },
  );
  const publisher = app.get(core.ROUTING_PUBLISHER);
  const source = app.get(core.SNAPSHOT_SOURCE);
  const loader = app.get(core.DEFINITION_LOADER);
  const { environment, vhost } = { environment: settings.environments[0].name, vhost: settings.environments[0].vhost };
  return {
    vhost,
    /** The definition loader a deploy uses (parse, normalize, validate). */
    load: async (text) => (await loader.load({ kind: 'document', text })).api,
    /** Builds the snapshot of exactly these APIs (on the first vhost) and makes it current. */
    deploy: async (apis) => {
      const prepared = await publisher.prepare(apis.map((api) => ({ api, environment, vhost })));
      publisher.publish(prepared);
    },
    /** The function the data plane calls per request: the current snapshot read once, then match. */
    matcher: () => {
      const snapshot = source.current;
      return (host, method, requestPath) => snapshot.match(host, method, requestPath);
    },
    /** The API name and resource template of a match (undefined for no match). */
    describe: (match) => (match === undefined ? undefined : { api: match.api.name, resource: match.resource.path }),
    close: () => app.close(),
  };
}

/** The whole gateway in this process (data plane, admin API, boot from the persisted state). */
export async function startGatewayInProcess(settings) {
  const { startGateway } = await import('#gateway');
  return startGateway(settings);
}

/**
 * Writes admin deployments the way the admin API persists them (the deployment store under
 * `<dataDir>/deployments`: `artifacts/<sha256>.yaml` + `state.json`), so the gateway boots with
 * them. `documents`: [{ name, version, text }] of OpenAPI YAML documents.
 */
export async function writePersistedDeployments(settings, documents) {
  const { DeploymentStore, artifactFileName } = await import('#admin');
  const store = new DeploymentStore(settings);
  fs.mkdirSync(store.artifactsDir, { recursive: true });
  const { name: environment, vhost } = settings.environments[0];
  const deployedAt = new Date().toISOString();
  const records = documents.map(({ name, version, text }) => {
    const bytes = Buffer.from(text);
    const artifact = store.refFor(bytes, { kind: 'document', format: 'yaml' });
    // Plain writes: the store's durable write (fsync per file) would only slow the set-up down.
    fs.writeFileSync(path.join(store.artifactsDir, artifactFileName(artifact)), bytes);
    return { name, version, environment, vhost, deployedAt, artifact };
  });
  await store.writeState(records);
  return { root: store.root, records: records.length };
}

/** The admin API route a single OpenAPI document is deployed with (basic auth, YAML body). */
export const ADMIN_DEPLOY = { method: 'POST', path: '/portico/v1/apis', contentType: 'application/yaml' };
export const ADMIN_LIST = '/portico/v1/apis';
