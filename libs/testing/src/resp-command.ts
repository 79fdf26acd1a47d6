import { connect } from 'node:net';

/** One RESP reply decoded, or `undefined` while its bytes have not all arrived. */
interface ParsedReply {
  readonly text: string;
  readonly error?: string;
  readonly end: number;
}

const CRLF = '\r\n';

/** The command as a RESP array of bulk strings (the form every Redis command accepts). */
export function encodeRespCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}${CRLF}`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}${CRLF}${arg}${CRLF}`);
  return Buffer.from(parts.join(''));
}

/**
 * Decodes the reply starting at `start`: simple strings, integers and bulk strings as their text,
 * a nil bulk or array as `(nil)` (as redis-cli prints it), arrays as their elements one per line,
 * errors in `error`. Lengths are in bytes, so UTF-8 values are cut at the right place.
 */
export function parseRespReply(buffer: Buffer, start = 0): ParsedReply | undefined {
  const lineEnd = buffer.indexOf(CRLF, start);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[start]!);
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const afterLine = lineEnd + 2;
  switch (type) {
    case '+':
    case ':':
      return { text: line, end: afterLine };
    case '-':
      return { text: line, error: line, end: afterLine };
    case '$': {
      const length = Number(line);
      if (length < 0) return { text: '(nil)', end: afterLine };
      if (buffer.length < afterLine + length + 2) return undefined;
      return { text: buffer.toString('utf8', afterLine, afterLine + length), end: afterLine + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { text: '(nil)', end: afterLine };
      const items: string[] = [];
      let next = afterLine;
      for (let i = 0; i < count; i++) {
        const item = parseRespReply(buffer, next);
        if (!item) return undefined;
        items.push(item.text);
        next = item.end;
      }
      return { text: items.join('\n'), end: next };
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(buffer.toString('utf8', start, Math.min(buffer.length, start + 80)))}`);
  }
}

/**
 * Sends one command to Redis on 127.0.0.1:`port` over a fresh connection and resolves with its
 * decoded reply; rejects with Redis's error text (`-ERR …`, `-LOADING …`) or when the connection
 * fails, closes early or `timeoutMs` passes without a complete reply.
 */
export function sendRespCommand(port: number, args: readonly string[], timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      outcome();
    };
    socket.setTimeout(timeoutMs, () =>
      finish(() => reject(new Error(`redis on port ${port} did not answer ${args[0] ?? ''} within ${timeoutMs} ms`))),
    );
    socket.on('error', (error) => finish(() => reject(error)));
    socket.on('close', () => finish(() => reject(new Error(`redis on port ${port} closed the connection before answering ${args[0] ?? ''}`))));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      let reply: ParsedReply | undefined;
      try {
        reply = parseRespReply(received);
      } catch (error) {
        finish(() => reject(error as Error));
        return;
      }
      if (!reply) return;
      const { text, error } = reply;
      finish(() => (error === undefined ? resolve(text) : reject(new Error(`redis: ${error}`))));
    });
    socket.write(encodeRespCommand(args));
  });
}
