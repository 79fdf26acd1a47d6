import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessLogWriter, lineEndWithin } from './access-log-writer.js';

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

  it('cuts what goes to a pipe into writes that end a line and fit in PIPE_BUF, so workers sharing it never interleave lines', () => {
    const lines = Buffer.from(Array.from({ length: 200 }, (_, i) => line(i)).join(''));
    const cut = lineEndWithin(lines, 4096);
    expect(cut).toBeLessThanOrEqual(4096);
    expect(lines[cut - 1]).toBe(0x0a);
    expect(lines.indexOf(0x0a, cut)).toBeGreaterThanOrEqual(4096);
    // A single line longer than the limit goes whole (no write could keep it atomic).
    const long = Buffer.from(`${'y'.repeat(5000)}\nrest\n`);
    expect(lineEndWithin(long, 4096)).toBe(5001);
    expect(lineEndWithin(Buffer.from('short\n'), 4096)).toBe(6);
  });
});
