import type { IncomingMessage } from 'node:http';
import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type WebSocket from 'ws';
import { GATEWAY_EVENTS, type GatewayEvents, type PublishedEvent, printable } from '#core';
import { CLOSE_GOING_AWAY, CLOSE_UNSUPPORTED_DATA, EventSubscriber } from './event-subscriber.js';
import { EventsHandshake } from './events-handshake.js';
import { EVENTS_PATH } from './events-protocol.js';

/** How often subscribers are pinged; one that has not answered the previous ping is cut. */
const HEARTBEAT_MS = 30_000;
/** Time subscribers get to answer the 1001 of a shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 2_000;
/** Clients send nothing on this stream; a frame larger than this closes the connection (1009). */
const MAX_CLIENT_FRAME_BYTES = 4096;

/**
 * The admin event stream, `GET /portico/v1/events` on the admin listener: every gateway event
 * as one JSON text message `{ sequence, at, type, ...payload }`, after a `hello`. Handshakes are
 * checked (EventsHandshake, through AdminEventsAdapter) before they are upgraded. Each event is
 * serialized once, whatever the number of subscribers; the stream is one-way.
 */
@WebSocketGateway({ path: EVENTS_PATH, maxPayload: MAX_CLIENT_FRAME_BYTES, perMessageDeflate: false })
export class AdminEventsGateway implements OnGatewayConnection<WebSocket>, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('AdminEvents');
  private readonly subscribers = new Set<EventSubscriber>();
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private shutdown: Promise<void> | undefined;

  constructor(
    @Inject(GATEWAY_EVENTS) private readonly bus: GatewayEvents,
    private readonly handshakes: EventsHandshake,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((event) => this.deliver(event));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const handshake = this.handshakes.take(request);
    if (handshake === undefined || this.shutdown !== undefined) {
      socket.close(CLOSE_GOING_AWAY, 'the gateway is shutting down');
      return;
    }
    const { username, via } = handshake.principal;
    const subscriber = new EventSubscriber(socket, handshake, `${printable(username)} (${via}) from ${request.socket.remoteAddress ?? 'unknown'}`);
    this.subscribers.add(subscriber);
    socket.once('close', () => this.subscribers.delete(subscriber));
    socket.on('message', () => socket.close(CLOSE_UNSUPPORTED_DATA, 'the event stream is one-way: send nothing'));
    subscriber.send(JSON.stringify({ type: 'hello', sequence: this.bus.lastSequence, at: new Date().toISOString(), types: handshake.types }));
  }

  /**
   * Closes every subscriber with 1001 and waits (up to 2 s) for them to go, so the admin
   * listener can close; later handshakes are closed at once. Idempotent.
   */
  close(): Promise<void> {
    this.shutdown ??= this.closeSubscribers();
    return this.shutdown;
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.heartbeat);
    await this.close();
  }

  private deliver(event: PublishedEvent): void {
    let text: string | undefined;
    for (const subscriber of this.subscribers) {
      if (!subscriber.wants(event.type)) continue;
      text ??= JSON.stringify(event);
      if (!subscriber.send(text)) this.logger.warn(`Closed the admin event stream of ${subscriber.label} with 1013: it left over 1 MiB of events unread`);
    }
  }

  private beat(): void {
    for (const subscriber of this.subscribers) {
      if (!subscriber.heartbeat()) this.logger.warn(`Cut the admin event stream of ${subscriber.label}: no answer to the previous ping`);
    }
  }

  private async closeSubscribers(): Promise<void> {
    const open = [...this.subscribers];
    if (open.length === 0) return;
    const closed = open.map((s) => new Promise<void>((resolve) => (s.socket.readyState === s.socket.CLOSED ? resolve() : s.socket.once('close', () => resolve()))));
    for (const subscriber of open) subscriber.socket.close(CLOSE_GOING_AWAY, 'the gateway is shutting down');
    let cut: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      cut = setTimeout(() => {
        for (const subscriber of open) subscriber.socket.terminate();
        resolve();
      }, SHUTDOWN_GRACE_MS);
    });
    await Promise.race([Promise.all(closed), late]);
    clearTimeout(cut);
  }
}
