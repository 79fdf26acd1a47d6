import { randomFillSync } from 'node:crypto';

export interface FrameParts {
  readonly opcode: number;
  readonly payload: Buffer;
  readonly fin?: boolean;
  readonly masked?: boolean;
  /** Extra bits of the first byte (RSV1-3), to build frames that break the rules. */
  readonly rsv?: number;
}

/** Encodes one frame as RFC 6455 §5.2 lays it out, for tests that write raw frames. */
export function encodeFrame({ opcode, payload, fin = true, masked = false, rsv = 0 }: FrameParts): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 0x10000 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + (masked ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | rsv | opcode;
  header[1] = (masked ? 0x80 : 0) | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
  if (lengthBytes === 2) header.writeUInt16BE(length, 2);
  if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(length), 2);
  const body = Buffer.from(payload);
  if (masked) {
    const mask = header.subarray(header.length - 4);
    randomFillSync(mask);
    for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
  }
  return Buffer.concat([header, body]);
}
