/**
 * The header the data plane sets on every request it sends to a backend (HTTP and WebSocket
 * upgrades alike), replacing whatever a client sent under that name. Its presence tells a
 * listener that the request was relayed by a Portico data plane: the TCP peer is then the
 * gateway (127.0.0.1 when the backend is local), not the client, so anything granted to
 * loopback clients must not be granted. The admin API refuses the built-in admin login to any
 * request carrying it, whatever its value (another Portico process on the same host relays
 * with its own value, and must not open this one's admin API either).
 *
 * The value is the data plane's choice; a random per-process id (`randomBytes(16)` in hex,
 * drawn once at start) also lets the data plane recognise its own requests coming back to it.
 */
export const DATA_PLANE_MARK_HEADER = 'x-portico-data-plane';
