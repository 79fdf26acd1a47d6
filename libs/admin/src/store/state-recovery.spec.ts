import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, type LoggerService } from '@nestjs/common';
import { EXIT_CODES, StartupError } from '#core';
import { settingsIn, tempDir } from '../../test/admin-test-kit.spec-support.js';
import type { PersistedRecord } from '../deploy/deployment-record.js';
import { FileDeploymentStore } from './file-deployment-store.js';
import { serializeState } from './persisted-state.js';

/** Issue 13 item 10: a damaged state.json falls back to the previous good state, or stops the start. */

function record(name: string, sha256 = 'a'.repeat(64)): PersistedRecord {
  return { name, version: 'v1', environment: 'Default', vhost: 'localhost', deployedAt: '2024-05-01T10:00:00.000Z', artifact: { sha256, kind: 'document', format: 'yaml' } };
}

const names = (state: { readonly records: readonly PersistedRecord[] }) => state.records.map((r) => r.name);

describe('DeploymentStore: previous state and recovery', () => {
  let errors: string[];
  const capture: LoggerService = { log() {}, warn() {}, debug() {}, verbose() {}, error: (message: unknown) => errors.push(String(message)) };

  beforeEach(() => {
    errors = [];
    Logger.overrideLogger(capture);
  });
  afterAll(() => Logger.overrideLogger(false));

  /** A store on a new data directory, and the folder of its files. */
  function newStore(): { store: FileDeploymentStore; dir: string; reopen: () => FileDeploymentStore } {
    const base = tempDir();
    const settings = settingsIn(base);
    const store = new FileDeploymentStore(settings);
    return { store, dir: store.root, reopen: () => new FileDeploymentStore(settings) };
  }

  const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

  it('keeps the state each write replaces as state.json.prev (none before the second write)', async () => {
    const { store, dir } = newStore();
    await store.open();
    await store.writeState([record('First')], store.heldRevision);
    expect(existsSync(join(dir, 'state.json.prev'))).toBe(false);
    await store.writeState([record('First'), record('Second')], store.heldRevision);
    expect(read(dir, 'state.json.prev')).toBe(serializeState([record('First')], 1));
    await store.writeState([record('Second')], store.heldRevision);
    expect(read(dir, 'state.json.prev')).toBe(serializeState([record('First'), record('Second')], 2));
    expect(read(dir, 'state.json')).toBe(serializeState([record('Second')], 3));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('falls back to state.json.prev when state.json does not parse: loud, kept aside, re-persisted', async () => {
    const { store, dir, reopen } = newStore();
    await store.open();
    await store.writeState([record('Older')], store.heldRevision);
    await store.writeState([record('Older'), record('Newer')], store.heldRevision);
    writeFileSync(join(dir, 'state.json'), '{"formatVersion": 1, "records": [');

    expect(names(await reopen().open())).toEqual(['Older']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${join(dir, 'state.json')} cannot be read`);
    expect(errors[0]).toContain(`Restored the previous state from ${join(dir, 'state.json.prev')} (1 deployment(s))`);
    const aside = readdirSync(dir).filter((n) => n.startsWith('state.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(errors[0]).toContain(join(dir, aside[0]));
    expect(read(dir, aside[0])).toBe('{"formatVersion": 1, "records": [');
    expect(read(dir, 'state.json')).toBe(read(dir, 'state.json.prev'));
    // The next start is a normal one.
    errors = [];
    expect(names(await reopen().open())).toEqual(['Older']);
    expect(errors).toEqual([]);
  });

  it('treats a state.json of the wrong shape, or a lost one, as damaged too', async () => {
    const { store, dir, reopen } = newStore();
    await store.open();
    await store.writeState([record('Older')], store.heldRevision);
    await store.writeState([record('Newer')], store.heldRevision);
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ formatVersion: 1, records: [{ name: 'x' }] }));
    expect(names(await reopen().open())).toEqual(['Older']);
    expect(errors[0]).toContain('records[0]');

    await reopen().writeState([record('Newest')], 0);
    rmSync(join(dir, 'state.json'));
    errors = [];
    expect(names(await reopen().open())).toEqual(['Older']);
    expect(errors[0]).toContain(`${join(dir, 'state.json')} is missing`);
  });

  it('refuses to start, naming both files and changing neither, when no usable state is left', async () => {
    const { dir, reopen } = newStore();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'state.json'), '{"formatVersion": 1, "rec');
    const refusal = (): Promise<unknown> => reopen().open().then(() => 'started', (error: unknown) => error);

    const alone = await refusal();
    expect(alone).toBeInstanceOf(StartupError);
    expect((alone as StartupError).exitCode).toBe(EXIT_CODES.data);
    expect((alone as Error).message).toContain(`${join(dir, 'state.json')} cannot be read`);
    expect((alone as Error).message).toContain(`${join(dir, 'state.json.prev')} does not exist`);

    writeFileSync(join(dir, 'state.json.prev'), 'not json');
    const both = (await refusal()) as Error;
    expect(both.message).toMatch(/state\.json cannot be read .* and .*state\.json\.prev cannot be read either/);
    // Again and again: a restart loop must not turn the refusal into an empty gateway.
    expect(await refusal()).toBeInstanceOf(StartupError);
    expect(read(dir, 'state.json')).toBe('{"formatVersion": 1, "rec');
    expect(readdirSync(dir).sort()).toEqual(['artifacts', 'state.json', 'state.json.prev']);
  });

  it('starts from a good state.json whatever state.json.prev holds, and replaces a damaged prev at the next write', async () => {
    const { store, dir, reopen } = newStore();
    await store.open();
    await store.writeState([record('Current')], store.heldRevision);
    writeFileSync(join(dir, 'state.json.prev'), 'garbage');
    const reopened = reopen();
    expect(names(await reopened.open())).toEqual(['Current']);
    expect(errors).toEqual([]);
    await reopened.writeState([record('Next')], reopened.heldRevision);
    expect(read(dir, 'state.json.prev')).toBe(serializeState([record('Current')], 1));
  });

  it('never lets a damaged state.json push the last good state out of state.json.prev', async () => {
    const { store, dir, reopen } = newStore();
    await store.open();
    await store.writeState([record('Good')], store.heldRevision);
    await store.writeState([record('Better')], store.heldRevision);
    // Damaged while the gateway runs, then written by a store that has not read it.
    writeFileSync(join(dir, 'state.json'), '{');
    await reopen().writeState([record('Best')], 0);
    expect(read(dir, 'state.json.prev')).toBe(serializeState([record('Good')], 1));
  });

  it('keeps the artifacts state.json.prev refers to, and removes those neither file refers to', async () => {
    const { store, dir, reopen } = newStore();
    await store.open();
    const artifact = (text: string) => {
      const bytes = Buffer.from(text);
      return { bytes, ref: store.refFor(bytes, { kind: 'document', format: 'yaml' }) };
    };
    const [a, b, c] = [artifact('a'), artifact('b'), artifact('c')];
    for (const x of [a, b, c]) await store.saveArtifact(x.bytes, x.ref);
    const withRef = (name: string, x: typeof a): PersistedRecord => ({ ...record(name), artifact: x.ref });
    await store.writeState([withRef('A', a)], store.heldRevision);
    await store.writeState([withRef('B', b)], store.heldRevision);
    await store.removeUnreferenced([withRef('B', b)]);
    const files = () => readdirSync(join(dir, 'artifacts')).sort();
    expect(files()).toEqual([`${a.ref.sha256}.yaml`, `${b.ref.sha256}.yaml`].sort());

    writeFileSync(join(dir, 'state.json'), 'damaged');
    expect(names(await reopen().open())).toEqual(['A']);
    expect(await reopen().readArtifact(a.ref)).toEqual(a.bytes);
  });

  it('reads back an old or a new state at every point where a crash can stop a write', async () => {
    const older = [record('Older')];
    const newer = [record('Older'), record('Newer')];
    // What each crash point leaves on disk, in the order writeState goes through them.
    const crashPoints: Record<string, (dir: string) => void> = {
      'link made, not yet renamed to prev': (dir) => linkSync(join(dir, 'state.json'), join(dir, 'state.json.prev.tmp')),
      'prev renamed, new state not written': (dir) => linkSync(join(dir, 'state.json'), join(dir, 'state.json.prev')),
      'new state half written': (dir) => {
        linkSync(join(dir, 'state.json'), join(dir, 'state.json.prev'));
        writeFileSync(join(dir, 'state.json.tmp'), serializeState(newer).slice(0, 20));
      },
      'new state renamed': (dir) => {
        linkSync(join(dir, 'state.json'), join(dir, 'state.json.prev'));
        writeFileSync(join(dir, 'state.json.tmp'), serializeState(newer));
        renameSync(join(dir, 'state.json.tmp'), join(dir, 'state.json'));
      },
    };
    for (const [point, leave] of Object.entries(crashPoints)) {
      const { store, dir, reopen } = newStore();
      await store.open();
      await store.writeState(older, store.heldRevision);
      leave(dir);
      const restored = names(await reopen().open());
      expect([point, restored]).toEqual([point, point === 'new state renamed' ? names({ records: newer }) : names({ records: older })]);
      expect([point, readdirSync(dir).filter((n) => n.endsWith('.tmp'))]).toEqual([point, []]);
      expect([point, errors]).toEqual([point, []]);
    }
  });
});
