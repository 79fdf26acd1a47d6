import { randomFillSync } from 'node:crypto';

/**
 * A close frame of the gateway's own (RFC 6455 §5.5.1): with a status and reason, or without a
 * status (`code` undefined: the far side sees 1005). Frames towards a backend are masked, as the
 * gateway is its client (§5.3); the reason is cut to fit the 125-byte control frame limit.
 */
export function closeFrame(code: number | undefined, reason: string, masked: boolean): Buffer {
  const payload = code === undefined ? Buffer.alloc(0) : closePayload(code, reason);
  const header = Buffer.alloc(2 + (masked ? 4 : 0));
  header[0] = 0x88;
  header[1] = payload.length | (masked ? 0x80 : 0);
  if (masked) {
    const mask = header.subarray(2);
    randomFillSync(mask);
    for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
  }
  return Buffer.concat([header, payload]);
}

function closePayload(code: number, reason: string): Buffer {
  const text = utf8Prefix(Buffer.from(reason), 123);
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}

/** At most `max` bytes of UTF-8 text, cut before a character rather than inside it (the far side checks the reason's UTF-8). */
function utf8Prefix(text: Buffer, max: number): Buffer {
  if (text.length <= max) return text;
  let end = max;
  while (end > 0 && (text[end] & 0xc0) === 0x80) end--;
  return text.subarray(0, end);
}
