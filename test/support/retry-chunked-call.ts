import { request } from 'node:http';

export interface ChunkedCallResult {
  readonly status: number;
  readonly text: string;
}

/**
 * A request whose body goes out in several chunks (`Transfer-Encoding: chunked`, no
 * Content-Length), a pause between them, as a streaming client sends it: the gateway cannot know
 * the size up front, and each chunk reaches it separately.
 */
export function chunkedCall(port: number, path: string, chunks: readonly Buffer[], headers: Record<string, string> = {}): Promise<ChunkedCallResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { host: 'localhost', 'transfer-encoding': 'chunked', ...headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString() }));
      },
    );
    req.on('error', reject);
    let next = 0;
    const writeNext = (): void => {
      if (next === chunks.length) {
        req.end();
        return;
      }
      req.write(chunks[next++]);
      setTimeout(writeNext, 5);
    };
    writeNext();
  });
}
