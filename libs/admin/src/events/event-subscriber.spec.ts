import { once } from 'node:events';
import type { Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { CLOSE_TRY_AGAIN_LATER, EventSubscriber, MAX_UNREAD_BYTES } from './event-subscriber.js';

const handshake = { principal: { username: 'ops', via: 'basic' as const }, types: ['api.deployed' as const] };

/** A real ws server and client on 127.0.0.1; the test holds the server side as an EventSubscriber. */
async function connectedPair(): Promise<{ subscriber: EventSubscriber; client: WebSocket; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
  await once(client, 'open');
  const [socket] = await accepted;
  return {
    subscriber: new EventSubscriber(socket, handshake, 'ops (basic) from 127.0.0.1'),
    client,
    close: async () => {
      client.terminate();
      for (const s of server.clients) s.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The client's TCP socket: paused, it reads nothing, as a stalled dashboard would. */
function rawSocketOf(client: WebSocket): Socket {
  return (client as unknown as { _socket: Socket })._socket;
}

describe('EventSubscriber', () => {
  it('delivers only the types it asked for', async () => {
    const pair = await connectedPair();
    try {
      expect(pair.subscriber.wants('api.deployed')).toBe(true);
      expect(pair.subscriber.wants('endpoint.health')).toBe(false);
      const message = once(pair.client, 'message') as Promise<[Buffer]>;
      expect(pair.subscriber.send('{"type":"api.deployed"}')).toBe(true);
      expect((await message)[0].toString()).toBe('{"type":"api.deployed"}');
    } finally {
      await pair.close();
    }
  });

  it('closes a subscriber that leaves over 1 MiB unread with 1013 instead of buffering more', async () => {
    const pair = await connectedPair();
    try {
      rawSocketOf(pair.client).pause();
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      while (pair.subscriber.send(chunk)) {
        sent++;
        // The kernel's socket buffers take some megabytes first; a subscriber that never reads ends up over the cap.
        if (sent > 2000) throw new Error('never closed');
        if (sent % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(pair.subscriber.socket.bufferedAmount).toBeGreaterThan(MAX_UNREAD_BYTES);
      expect(pair.subscriber.socket.readyState).toBe(WebSocket.CLOSING);
      // Once closing, nothing more is queued for it.
      const queued = pair.subscriber.socket.bufferedAmount;
      pair.subscriber.send(chunk);
      expect(pair.subscriber.socket.bufferedAmount).toBe(queued);
      const closed = once(pair.client, 'close') as Promise<[number]>;
      rawSocketOf(pair.client).resume();
      expect((await closed)[0]).toBe(CLOSE_TRY_AGAIN_LATER);
    } finally {
      await pair.close();
    }
  });

  it('cuts a subscriber that did not answer the previous ping, and keeps one that did', async () => {
    const pair = await connectedPair();
    try {
      const ponged = once(pair.subscriber.socket, 'pong');
      expect(pair.subscriber.heartbeat()).toBe(true);
      await ponged;
      // The client stops reading: the next ping gets no pong.
      rawSocketOf(pair.client).pause();
      expect(pair.subscriber.heartbeat()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const cut = once(pair.subscriber.socket, 'close');
      expect(pair.subscriber.heartbeat()).toBe(false);
      await cut;
      expect(pair.subscriber.socket.readyState).toBe(WebSocket.CLOSED);
    } finally {
      await pair.close();
    }
  });
});
