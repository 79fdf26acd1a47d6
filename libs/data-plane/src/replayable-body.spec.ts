import { PassThrough, type Readable } from 'node:stream';
import { ReplayableBody } from './replayable-body.js';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** Reads what is readable now, without waiting for the end. */
function readNow(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    setTimeout(() => {
      stream.pause();
      resolve(Buffer.concat(chunks).toString());
    }, 20);
  });
}

describe('ReplayableBody', () => {
  it('replays what a failed try consumed, then continues with the rest of the client body', async () => {
    const source = new PassThrough();
    const body = new ReplayableBody(source, 1024);
    const first = body.forTry();
    source.write('hello ');
    expect(await readNow(first)).toBe('hello ');
    first.destroy();
    const second = body.forTry();
    source.end('world');
    expect(await readAll(second)).toBe('hello world');
    expect(body.replayable).toBe(true);
    expect(await readAll(body.forTry())).toBe('hello world');
  });

  it('stops keeping the body past the bound: it still streams, but can no longer be replayed', async () => {
    const source = new PassThrough();
    const body = new ReplayableBody(source, 8);
    const first = body.forTry();
    source.end('0123456789abcdef');
    expect(await readAll(first)).toBe('0123456789abcdef');
    expect(body.replayable).toBe(false);
  });

  it('passes a client error on to the try reading the body', async () => {
    const source = new PassThrough();
    const body = new ReplayableBody(source, 1024);
    const first = body.forTry();
    source.destroy(new Error('client gone'));
    await expect(readAll(first)).rejects.toThrow('client gone');
  });
});
