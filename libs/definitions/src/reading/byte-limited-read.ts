/** A stream of bytes that can be stopped: a zip entry being inflated. */
export interface ByteStream extends AsyncIterable<Buffer> {
  destroy(): void;
}

/**
 * The whole of `stream`, or undefined as soon as it passes `maxBytes`: the stream is then
 * destroyed, so at most one chunk more than the limit is ever inflated, whatever size the zip
 * declared for the entry.
 */
export async function readAtMost(stream: ByteStream, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      length += chunk.length;
      if (length > maxBytes) return undefined;
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, length);
}
