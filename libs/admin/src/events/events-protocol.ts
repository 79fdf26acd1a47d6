/** The event stream's endpoint on the admin listener. */
export const EVENTS_PATH = '/portico/v1/events';

/** The sub-protocol the server selects when a client offers it (required when any is offered). */
export const EVENTS_PROTOCOL = 'portico.events.v1';

/**
 * A `Sec-WebSocket-Protocol` entry carrying the admin token, for browsers (they cannot set
 * `Authorization` on a WebSocket): the data plane's convention (`portico.bearer.<token>`). The
 * server never selects it, so the token is not echoed back.
 */
export const BEARER_PROTOCOL_PREFIX = 'portico.bearer.';

/** The entries of a `Sec-WebSocket-Protocol` header (it may repeat). */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  return (Array.isArray(header) ? header : [header]).flatMap((value) => value.split(',').map((p) => p.trim()).filter((p) => p !== ''));
}

/** ws `handleProtocols`: the events protocol when offered; a handshake offering others without it was refused before. */
export function selectProtocol(offered: ReadonlySet<string>): string | false {
  return offered.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false;
}
