import { createHash, randomBytes } from 'node:crypto';

/** RFC 6455 §1.3: the GUID the accept value is derived with. */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The `Sec-WebSocket-Accept` value that answers a `Sec-WebSocket-Key`. */
export function acceptValueFor(key: string): string {
  return createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
}

/** A fresh `Sec-WebSocket-Key` for a handshake the gateway opens (16 random bytes, base64). */
export function newHandshakeKey(): string {
  return randomBytes(16).toString('base64');
}
