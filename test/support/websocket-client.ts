import WebSocket from 'ws';

/** How a test client authenticates a handshake: a bearer token in Authorization, or nothing. */
export interface HandshakeCredentials {
  readonly token?: string;
}

function open(url: string, credentials: HandshakeCredentials): WebSocket {
  return new WebSocket(url, { headers: credentials.token === undefined ? {} : { authorization: `Bearer ${credentials.token}` } });
}

/** Opens a WebSocket through the gateway; rejects when the handshake is not upgraded. */
export function connectWebSocket(url: string, credentials: HandshakeCredentials = {}): Promise<WebSocket> {
  const socket = open(url, credentials);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      reject(new Error(`handshake answered ${res.statusCode ?? 0}, not upgraded`));
    });
    socket.once('error', reject);
  });
}

/** The plain HTTP answer to a handshake that is not upgraded; rejects when it is. */
export function handshakeRefusal(url: string, credentials: HandshakeCredentials = {}): Promise<{ status: number; body: string }> {
  const socket = open(url, credentials);
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('upgraded'));
    });
    socket.once('error', () => undefined);
  });
}

/** Sends one text message and waits for the next one back. */
export async function roundTrip(socket: WebSocket, text: string): Promise<string> {
  const answer = new Promise<string>((resolve) => socket.once('message', (data: Buffer) => resolve(data.toString())));
  socket.send(text);
  return answer;
}

/** Closes the client side and waits until the socket is closed. */
export function closeWebSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.close();
  return closed;
}
