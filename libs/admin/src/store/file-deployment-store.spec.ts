import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { settingsIn, tempDir } from '../../test/admin-test-kit.spec-support.js';
import type { PersistedRecord } from '../deploy/deployment-record.js';
import { StaleStateError, StoreUnavailableError } from './deployment-store.js';
import { FileDeploymentStore } from './file-deployment-store.js';

function record(name: string, sha256: string, vhost = 'localhost'): PersistedRecord {
  return { name, version: 'v1', environment: 'Default', vhost, deployedAt: '2024-05-01T10:00:00.000Z', artifact: { sha256, kind: 'zip', format: 'zip' } };
}

describe('DeploymentStore', () => {
  beforeAll(() => Logger.overrideLogger(false));

  function newStore(): { store: FileDeploymentStore; dir: string } {
    const base = tempDir();
    const store = new FileDeploymentStore(settingsIn(base));
    return { store, dir: join(base, 'data', 'deployments') };
  }

  it('resolves the relative dataDir against the settings base directory', () => {
    const base = tempDir();
    expect(new FileDeploymentStore(settingsIn(base)).root).toBe(join(base, 'data', 'deployments'));
  });

  it('stores artifacts by content hash, once, and writes state.json that open() reads back', async () => {
    const { store, dir } = newStore();
    const bytes = Buffer.from('zip bytes');
    const ref = store.refFor(bytes, { kind: 'zip', format: 'zip', name: 'pets.zip' });
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    await store.saveArtifact(bytes, ref);
    await store.saveArtifact(bytes, ref);
    expect(readdirSync(join(dir, 'artifacts'))).toEqual([`${ref.sha256}.zip`]);
    await store.writeState([{ ...record('Pets', ref.sha256), artifact: ref }], store.heldRevision);

    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(state.formatVersion).toBe(1);
    expect(state.records[0]).toMatchObject({ name: 'Pets', version: 'v1', environment: 'Default', vhost: 'localhost', artifact: { name: 'pets.zip' } });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const reopened = await new FileDeploymentStore(storeSettings(dir)).open();
    expect(reopened).toEqual({ revision: 1, records: [{ ...record('Pets', ref.sha256), artifact: ref }] });
    expect(await store.readArtifact(ref)).toEqual(bytes);
  });

  it('keeps the old state when a crash left a temp file before the rename, and removes the temp file', async () => {
    const { store, dir } = newStore();
    const ref = store.refFor(Buffer.from('a'), { kind: 'zip', format: 'zip' });
    await store.saveArtifact(Buffer.from('a'), ref);
    await store.writeState([record('Old', ref.sha256)], store.heldRevision);
    // The state of a crash between writing the new state and renaming it over state.json.
    writeFileSync(join(dir, 'state.json.tmp'), JSON.stringify({ formatVersion: 1, records: [record('New', ref.sha256)] }));
    writeFileSync(join(dir, 'artifacts', `${'f'.repeat(64)}.zip.tmp`), 'half an artifact');

    const { records } = await new FileDeploymentStore(storeSettings(dir)).open();
    expect(records.map((r) => r.name)).toEqual(['Old']);
    expect(existsSync(join(dir, 'state.json.tmp'))).toBe(false);
    expect(readdirSync(join(dir, 'artifacts'))).toEqual([`${ref.sha256}.zip`]);
  });

  it('deletes artifacts that state.json does not refer to at open', async () => {
    const { store, dir } = newStore();
    const kept = store.refFor(Buffer.from('kept'), { kind: 'document', format: 'yaml' });
    const orphan = store.refFor(Buffer.from('orphan'), { kind: 'zip', format: 'zip' });
    await store.saveArtifact(Buffer.from('kept'), kept);
    await store.saveArtifact(Buffer.from('orphan'), orphan);
    await store.writeState([{ ...record('Kept', kept.sha256), artifact: kept }], store.heldRevision);
    await new FileDeploymentStore(storeSettings(dir)).open();
    expect(readdirSync(join(dir, 'artifacts'))).toEqual([`${kept.sha256}.yaml`]);
  });

  it('fails a state write when the temp file cannot be created, leaving state.json as it was', async () => {
    const { store, dir } = newStore();
    await store.writeState([record('Before', 'a'.repeat(64))], store.heldRevision);
    mkdirSync(join(dir, 'state.json.tmp'));
    await expect(store.writeState([record('After', 'a'.repeat(64))], store.heldRevision)).rejects.toThrow();
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).records[0].name).toBe('Before');
  });

  it('counts revisions, refuses a write planned on an older one, and lets a read-only reader (a worker) follow', async () => {
    const { store, dir } = newStore();
    const reader = new FileDeploymentStore(storeSettings(dir), { readOnly: true });
    expect(await reader.open()).toEqual({ revision: 0, records: [] });
    await store.open();
    expect(await store.writeState([record('One', 'a'.repeat(64))], 0)).toBe(1);
    await expect(store.writeState([record('Stale', 'a'.repeat(64))], 0)).rejects.toBeInstanceOf(StaleStateError);
    expect(await store.latest(1)).toBeUndefined();

    expect((await reader.latest(0))?.records.map((r) => r.name)).toEqual(['One']);
    expect(await reader.latest(1)).toBeUndefined();
    await expect(reader.writeState([], 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(reader.saveArtifact(Buffer.from('x'), reader.refFor(Buffer.from('x'), { kind: 'zip', format: 'zip' }))).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(reader.status(1)).toMatchObject({ type: 'file', acceptingChanges: false });
    // A reader never cleans up: a temp file is the writer's, maybe being written right now.
    writeFileSync(join(dir, 'state.json.tmp'), 'being written');
    await new FileDeploymentStore(storeSettings(dir), { readOnly: true }).open();
    expect(existsSync(join(dir, 'state.json.tmp'))).toBe(true);
  });
});

/** Settings whose dataDir holds `deploymentsDir`. */
function storeSettings(deploymentsDir: string) {
  const base = join(deploymentsDir, '..', '..');
  return settingsIn(base);
}
