// The WebSocket scenario's upstream (started by bench/websocket.mjs as a child process): a `ws`
// server that echoes every message as it came (text stays text, binary stays binary), on any path.
// Env: PORT (required), HOST (default 127.0.0.1).
import { WebSocketServer } from 'ws';

const PORT = Number(process.env.PORT);
const HOST = process.env.HOST || '127.0.0.1';
if (!Number.isInteger(PORT) || PORT <= 0) throw new Error('PORT: expected a port number');

// No per-message deflate: the bench measures relaying frames, not compressing them.
const server = new WebSocketServer({ host: HOST, port: PORT, perMessageDeflate: false, backlog: 2048 });
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  socket.on('error', () => socket.terminate());
});
server.on('listening', () => console.log(`ws echo backend on ws://${HOST}:${PORT}`));

const stop = () => {
  for (const client of server.clients) client.terminate();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref(); // a socket that lingers must not hold the exit
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
