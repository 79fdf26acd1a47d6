// Before anything is measured, each target must echo a text and a binary message byte for byte:
// a misrouted or refusing proxy cannot produce numbers.
import WebSocket from 'ws';

const TIMEOUT_MS = 10_000;

function roundTrip(socket, data, binary) {
  return new Promise((resolve, reject) => {
    socket.once('message', (echoed, isBinary) => resolve({ echoed: Buffer.from(echoed), isBinary }));
    socket.once('close', (code) => reject(new Error(`closed with ${code} before the echo`)));
    socket.send(data, { binary });
  });
}

async function check(url) {
  const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: TIMEOUT_MS });
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`handshake answered HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
    const text = Buffer.from('portico bench '.repeat(10));
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    for (const [data, isBinary] of [[text, false], [binary, true]]) {
      const got = await roundTrip(socket, data, isBinary);
      if (!got.echoed.equals(data) || got.isBinary !== isBinary) throw new Error(`the ${isBinary ? 'binary' : 'text'} message came back altered`);
    }
  } finally {
    socket.terminate();
  }
}

/** Throws, naming the target and its log, unless `target.url` echoes within the time limit. */
export async function echoCheck(target) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no echo within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS)));
  try {
    await Promise.race([check(target.url), timeout]);
  } catch (error) {
    throw new Error(`echo check failed on ${target.name} (${target.url}): ${error.message} (see ${target.child.logFile})`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
