// The request and response bodies every target sees, built once and identical across runs.

export const GET_BODY_BYTES = 1024;
export const POST_BODY_BYTES = 10 * 1024;
export const TRANSFER_BYTES = 100 * 1024 * 1024;

/** A JSON document of exactly `size` bytes (the padding field absorbs the difference). */
export function jsonOfSize(size, fields = {}) {
  const doc = { ...fields, pad: '' };
  const overhead = Buffer.byteLength(JSON.stringify(doc));
  if (overhead > size) throw new Error(`cannot build a ${size}-byte JSON document`);
  doc.pad = 'x'.repeat(size - overhead);
  return Buffer.from(JSON.stringify(doc));
}

export const ITEMS_BODY = jsonOfSize(GET_BODY_BYTES, { id: 42, name: 'widget', tags: ['a', 'b', 'c'], price: 12.5, inStock: true });
export const POST_BODY = jsonOfSize(POST_BODY_BYTES, { kind: 'bench-echo' });
