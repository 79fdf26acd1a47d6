import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RawConnectionOptions {
  /** TLS without certificate checks (the test certificates). */
  readonly tls?: boolean;
  /** Keep our side open after the server's FIN, as a slowloris client would. */
  readonly allowHalfOpen?: boolean;
}

/**
 * One client connection written byte by byte, for what HTTP clients will not do: send half a
 * body, trickle a head, keep a connection open. Reads responses by Content-Length, in order.
 */
export class RawConnection {
  private received = Buffer.alloc(0);
  private cursor = 0;
  private ended = false;
  private readonly changed = new Set<() => void>();
  /** Resolves when the connection is closed, by either side. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.notify();
    });
    // Writes after the server closed fail; what the server did is read from `closed` and the data.
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        this.notify();
        resolve();
      }),
    );
  }

  static open(port: number, options: RawConnectionOptions = {}): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false, servername: 'localhost' })
        : netConnect({ port, host: '127.0.0.1', allowHalfOpen: options.allowHalfOpen ?? false });
      socket.once(options.tls ? 'secureConnect' : 'connect', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** Resolves once the bytes are handed to the kernel (or the connection is gone). */
  write(data: string | Buffer): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(data, () => resolve()));
  }

  /** The next complete response, or undefined when the server closed without one. */
  async response(): Promise<RawResponse | undefined> {
    for (;;) {
      const parsed = this.parseNext();
      if (parsed) return parsed;
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => this.changed.add(resolve));
    }
  }

  /** Sends a request and reads its response. */
  async request(head: string): Promise<RawResponse | undefined> {
    await this.write(head);
    return this.response();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private parseNext(): RawResponse | undefined {
    const text = this.received.toString('latin1');
    const headEnd = text.indexOf('\r\n\r\n', this.cursor);
    if (headEnd < 0) return undefined;
    const [statusLine, ...lines] = text.slice(this.cursor, headEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = headEnd + 4;
    if (this.received.length < bodyStart + length) return undefined;
    this.cursor = bodyStart + length;
    // 1xx answers (100 Continue) come before the response itself.
    if (/^HTTP\/1\.1 1\d\d /.test(statusLine)) return this.parseNext();
    return { status: Number(statusLine.split(' ')[1]), headers, body: this.received.subarray(bodyStart, bodyStart + length).toString('utf8') };
  }

  private notify(): void {
    for (const resolve of this.changed) resolve();
    this.changed.clear();
  }
}
