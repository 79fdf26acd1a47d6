import { webcrypto } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Logger, Module, type Type } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import * as x509 from '@peculiar/x509';
// Not #testing, which would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { zipOf } from '../../testing/src/project-zip.js';
import {
  AUDIT_TRAIL,
  type AuditTrail,
  BACKEND_JWT_KEYS, type BackendJwtKeyRing, CLUSTER_DIRECTORY, type ClusterDirectory, CONNECTOR_CATALOGUE, type ConnectorCatalogue, DEFINITION_LOADER, ROUTING_PUBLISHER, type TlsCredentials } from '#core';
import { type GatewaySettings, loadSettings, SettingsModule } from '#settings';
import { AdminModule } from '../src/admin.module.js';
import { BootDeployer, type BootReport } from '../src/deploy/boot-deployer.js';
import { AdminListener } from '../src/listener/admin-listener.js';
import { RecordingPublisher } from './recording-publisher.spec-support.js';
import { TinyDefinitionLoader } from './tiny-definition-loader.spec-support.js';

// Choreo Connect's test data (read-only) is absent from a fresh clone: tests that read it are
// declared with these, which skip them with the reason. By file, as #testing would load the whole gateway.
// eslint-disable-next-line no-restricted-imports
export { ccFixturePath, describeWithCcFixtures } from '../../testing/src/cc-fixtures.js';

export function tempDir(prefix = 'portico-admin-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Settings as the gateway would load them from `gateway.yaml` in `dir` (dataDir = dir/data, apisDir = dir/apis). */
export function settingsIn(dir: string, yaml = '', env: Record<string, string> = {}): GatewaySettings {
  writeFileSync(join(dir, 'gateway.yaml'), `dataDir: ./data\napisDir: ./apis\n${yaml}`);
  return loadSettings({ argv: ['--config', 'gateway.yaml'], env, cwd: dir });
}

/** A tiny definition TinyDefinitionLoader understands. */
export function apiDoc(name: string, version: string, extra: Record<string, unknown> = {}): string {
  const ext = Object.entries(extra)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`)
    .join('');
  return `openapi: 3.0.0\ninfo:\n  title: ${name}\n  version: '${version}'\npaths:\n  /items:\n    get: {}\n    post: {}\n${ext}`;
}


/** Zips a project folder under its own name, as `apictl` does. */
export function zipFolder(dir: string): Promise<Buffer> {
  const files: Record<string, Buffer> = {};
  const walk = (from: string, prefix: string): void => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(from, entry.name), `${prefix}${entry.name}/`);
      else files[`${prefix}${entry.name}`] = readFileSync(join(from, entry.name));
    }
  };
  walk(dir, `${dir.split('/').pop()}/`);
  return zipOf(files);
}

export function projectZip(name: string, version: string, extra: Record<string, unknown> = {}): Promise<Buffer> {
  return zipOf({ [`${name}/api.yaml`]: 'type: api\n', [`${name}/Definitions/swagger.yaml`]: apiDoc(name, version, extra) });
}

/** A self-signed certificate for localhost / 127.0.0.1. */
export async function selfSignedTls(): Promise<TlsCredentials> {
  // Node's webcrypto is the Web Crypto API x509 expects; their type declarations differ only in names.
  x509.cryptoProvider.set(webcrypto as never);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const pair = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const keys = pair as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=localhost',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: algorithm,
    keys,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }])],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key, generated: true };
}

export interface AdminParts {
  readonly loader?: TinyDefinitionLoader;
  readonly publisher?: RecordingPublisher;
  /** A module exporting DEFINITION_LOADER (the real DefinitionsModule); replaces the tiny loader. */
  readonly definitionsModule?: Type;
  /** Address the listener binds (default 127.0.0.1); `url` still names 127.0.0.1. */
  readonly listenHost?: string;
}

export interface AdminHarness {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly loader: TinyDefinitionLoader;
  readonly publisher: RecordingPublisher;
  readonly boot: BootReport;
  readonly settings: GatewaySettings;
  close(): Promise<void>;
}

/**
 * The admin API as the gateway runs it: AdminModule in a Fastify Nest app behind an
 * AdminListener (HTTP on 127.0.0.1, any port), after BootDeployer.restore().
 */
export async function startAdmin(settings: GatewaySettings, parts: AdminParts = {}): Promise<AdminHarness> {
  Logger.overrideLogger(false);
  const loader = parts.loader ?? new TinyDefinitionLoader();
  const publisher = parts.publisher ?? new RecordingPublisher();
  // The admin health view reads the live clusters; these harnesses have none.
  const noClusters: ClusterDirectory = { clusters: () => [], cluster: () => undefined, reset: () => false };
  const noKeyRing: BackendJwtKeyRing = { rotate: () => Promise.reject(new Error('no backend JWT keys in this test')) };
  const noConnectors: ConnectorCatalogue = { list: () => [] };
  // The audit log is the observability lib's (tested there and end to end); here its events are dropped.
  const noAudit: AuditTrail = { record: () => undefined };
  const contracts = parts.definitionsModule
    ? [
        { provide: AUDIT_TRAIL, useValue: noAudit },
        { provide: ROUTING_PUBLISHER, useValue: publisher },
        { provide: CLUSTER_DIRECTORY, useValue: noClusters },
        { provide: BACKEND_JWT_KEYS, useValue: noKeyRing },
        { provide: CONNECTOR_CATALOGUE, useValue: noConnectors },
      ]
    : [
        { provide: AUDIT_TRAIL, useValue: noAudit },
        { provide: DEFINITION_LOADER, useValue: loader },
        { provide: ROUTING_PUBLISHER, useValue: publisher },
        { provide: CLUSTER_DIRECTORY, useValue: noClusters },
        { provide: BACKEND_JWT_KEYS, useValue: noKeyRing },
        { provide: CONNECTOR_CATALOGUE, useValue: noConnectors },
      ];

  @Global()
  @Module({ providers: contracts, exports: contracts.map((c) => c.provide) })
  class ContractsModule {}

  const admin = parts.definitionsModule ? AdminModule.forRoot({ imports: [parts.definitionsModule] }) : AdminModule;
  const listener = new AdminListener();
  const moduleRef = await Test.createTestingModule({ imports: [SettingsModule.forRoot(settings), ContractsModule, admin] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ serverFactory: listener.serverFactory }), {
    logger: false,
  });
  await app.init();
  const boot = await app.get(BootDeployer).restore();
  const port = await listener.listen({ app, host: parts.listenHost ?? '127.0.0.1', port: 0, protocols: 'http', tls: await selfSignedTlsOnce(), limits: settings.admin.limits });
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    loader,
    publisher,
    boot,
    settings,
    async close() {
      await listener.close();
      await app.close();
    },
  };
}

let sharedTls: Promise<TlsCredentials> | undefined;
function selfSignedTlsOnce(): Promise<TlsCredentials> {
  sharedTls ??= selfSignedTls();
  return sharedTls;
}

export function basic(username: string, password: string): string {
  return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
}

export { zipOf };
