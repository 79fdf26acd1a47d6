// The admin event stream (`/portico/v1/events`), kept open for the whole session: reconnects with
// backoff when it closes and tells listeners to reload when events may have been missed.
/* global location, WebSocket -- browser globals */
import { API_BASE, request } from './admin-api.js';

const PROTOCOL = 'portico.events.v1';
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

export class EventStream {
  constructor(indicator) {
    this.indicator = indicator;
    this.listeners = new Set();
    this.delayMs = FIRST_DELAY_MS;
    this.lastSequence = undefined;
    this.live = false;
  }

  /** `listener(message)` gets each event, and `{ type: 'resync' }` after a reconnect that may have missed some. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start() {
    this.connect();
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.show('connecting', this.lastSequence === undefined ? 'Connecting…' : 'Reconnecting…');
    let socket;
    try {
      socket = new WebSocket(`${scheme}//${location.host}${API_BASE}/events`, [PROTOCOL]);
    } catch {
      this.retry();
      return;
    }
    socket.addEventListener('message', (message) => this.receive(message.data));
    socket.addEventListener('close', () => {
      this.live = false;
      this.retry();
    });
  }

  receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === 'hello') {
      const missed = this.lastSequence !== undefined && message.sequence > this.lastSequence;
      this.lastSequence = message.sequence;
      this.delayMs = FIRST_DELAY_MS;
      this.live = true;
      this.show('live', 'Live');
      if (missed) this.emit({ type: 'resync' });
      return;
    }
    if (typeof message.sequence === 'number') this.lastSequence = message.sequence;
    this.emit(message);
  }

  emit(message) {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // One view's failure must not keep the event from the others, nor break the stream.
      }
    }
  }

  retry() {
    this.show('reconnecting', `Reconnecting in ${Math.round(this.delayMs / 1000)} s…`);
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, MAX_DELAY_MS);
    setTimeout(() => {
      // A refused handshake looks like any close to a page; an authenticated call tells an ended
      // session apart (it goes to the sign-in form) from a gateway that is away.
      request(`${API_BASE}/clusters?apiName=~`).catch(() => undefined).finally(() => this.connect());
    }, delay);
  }

  show(state, text) {
    this.indicator.dataset.state = state;
    this.indicator.textContent = text;
    this.indicator.title = state === 'live' ? 'Health and deployments update live' : 'The live event stream is not connected';
  }
}
