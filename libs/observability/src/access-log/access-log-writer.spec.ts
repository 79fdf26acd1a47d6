import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessLogWriter } from './access-log-writer.js';

describe('AccessLogWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portico-access-writer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const line = (i: number): string => `{"n":${i},"path":"/ünïcode/${'x'.repeat(i % 50)}"}\n`;

  it('writes every line once, whole and in order, across batches larger than a write', async () => {
    const file = join(dir, 'logs', 'access.log');
    const writer = AccessLogWriter.file(file);
    for (let i = 0; i < 5000; i++) writer.write(line(i));
    await new Promise((resolve) => setTimeout(resolve, 50));
    writer.close();
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(5000);
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([...Array(5000).keys()]);
  });

  it('writes a light trickle within its flush interval', async () => {
    const file = join(dir, 'access.log');
    const writer = AccessLogWriter.file(file);
    writer.write(line(1));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(readFileSync(file, 'utf8')).toBe(line(1));
    writer.close();
  });

  it('reopens its file after logrotate moved it: earlier lines stay in the moved file', async () => {
    const file = join(dir, 'access.log');
    const writer = AccessLogWriter.file(file);
    writer.write(line(1));
    renameSync(file, `${file}.1`);
    writer.reopen();
    writer.write(line(2));
    writer.close();
    expect(readFileSync(`${file}.1`, 'utf8')).toBe(line(1));
    expect(readFileSync(file, 'utf8')).toBe(line(2));
  });
});
