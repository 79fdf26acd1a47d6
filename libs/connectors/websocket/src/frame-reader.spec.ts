import { encodeFrame } from './frame-encoding.spec-support.js';
import { FrameReader } from './frame-reader.js';

const TEXT = 0x1;
const BINARY = 0x2;
const CONTINUATION = 0x0;
const CLOSE = 0x8;
const PING = 0x9;

/** Feeds `bytes` in chunks of `size` and returns everything forwarded. */
function feed(reader: FrameReader, bytes: Buffer, size: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(reader.read(bytes.subarray(i, i + size)));
  return Buffer.concat(out);
}

describe('FrameReader', () => {
  const client = (opcode: number, payload: Buffer | string, fin = true): Buffer =>
    encodeFrame({ opcode, payload: Buffer.from(payload), fin, masked: true });

  it('forwards frames byte for byte, whatever the chunking, holding back split headers only', () => {
    const stream = Buffer.concat([
      client(TEXT, 'hel', false),
      client(PING, 'p'),
      client(CONTINUATION, 'lo'),
      client(BINARY, Buffer.alloc(300, 7)),
      client(BINARY, Buffer.alloc(70_000, 9)),
    ]);
    for (const size of [1, 2, 3, 7, 13, 64, 1000, stream.length]) {
      const reader = new FrameReader(true, 1 << 20);
      expect(feed(reader, stream, size).equals(stream)).toBe(true);
      expect(reader.atBoundary).toBe(true);
      expect(reader.violation).toBeUndefined();
    }
  });

  it('counts a message over all its fragments against the maximum size, and stops before the frame that passes it', () => {
    const reader = new FrameReader(true, 100);
    const first = client(BINARY, Buffer.alloc(60), false);
    const forwarded = reader.read(Buffer.concat([first, client(CONTINUATION, Buffer.alloc(41))]));
    expect(forwarded.equals(first)).toBe(true);
    expect(reader.violation).toEqual({ code: 1009, reason: 'message too big' });
    expect(reader.atBoundary).toBe(true);
    expect(reader.read(client(TEXT, 'more')).length).toBe(0);
  });

  it.each([
    ['an unmasked client frame', encodeFrame({ opcode: TEXT, payload: Buffer.from('x') }), 'client frames must be masked'],
    ['reserved bits', encodeFrame({ opcode: TEXT, payload: Buffer.from('x'), masked: true, rsv: 0x40 }), 'reserved bits set without an extension'],
    ['an unknown opcode', encodeFrame({ opcode: 0x3, payload: Buffer.from('x'), masked: true }), 'unknown opcode 3'],
    ['a fragmented ping', encodeFrame({ opcode: PING, payload: Buffer.from('x'), masked: true, fin: false }), 'fragmented control frame'],
    ['a long ping', encodeFrame({ opcode: PING, payload: Buffer.alloc(126), masked: true }), 'control frame over 125 bytes'],
    ['a stray continuation', encodeFrame({ opcode: CONTINUATION, payload: Buffer.from('x'), masked: true }), 'continuation frame outside a message'],
  ])('stops at %s with 1002', (_name, frame, reason) => {
    const reader = new FrameReader(true, 1 << 20);
    const ok = client(TEXT, 'fine');
    expect(reader.read(Buffer.concat([ok, frame])).equals(ok)).toBe(true);
    expect(reader.violation).toEqual({ code: 1002, reason });
  });

  it('refuses masked frames from a server', () => {
    const reader = new FrameReader(false, 1 << 20);
    expect(reader.read(client(TEXT, 'x')).length).toBe(0);
    expect(reader.violation).toEqual({ code: 1002, reason: 'server frames must not be masked' });
  });

  it('refuses a length that is not a safe integer as too big, without reading on', () => {
    const header = Buffer.from([0x82, 127, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
    const reader = new FrameReader(false, Number.MAX_SAFE_INTEGER);
    expect(reader.read(header).length).toBe(0);
    expect(reader.violation?.code).toBe(1009);
  });

  it('with stopAtBoundary forwards up to the end of the frame in flight and keeps reading for the close frame', () => {
    const reader = new FrameReader(true, 1 << 20);
    const big = client(BINARY, Buffer.alloc(1000, 1));
    expect(reader.read(big.subarray(0, 500)).length).toBe(500);
    expect(reader.atBoundary).toBe(false);
    const rest = Buffer.concat([big.subarray(500), client(TEXT, 'dropped'), client(CLOSE, Buffer.from([0x03, 0xe8]))]);
    const forwarded = reader.read(rest, true);
    expect(forwarded.equals(big.subarray(500))).toBe(true);
    expect(reader.stoppedAtBoundary).toBe(true);
    expect(reader.closed).toBe(true);
  });

  it('sees a close frame only once it has been read to its end', () => {
    const reader = new FrameReader(false, 1 << 20);
    const close = encodeFrame({ opcode: CLOSE, payload: Buffer.from([0x03, 0xe8, 0x62, 0x79, 0x65]) });
    reader.read(close.subarray(0, 4));
    expect(reader.closed).toBe(false);
    reader.read(close.subarray(4));
    expect(reader.closed).toBe(true);
  });
});
