// The list shows each API's security, which only its definition tells: definitions are read for
// the rows on screen, a few at a time, and remembered per deployment (a redeploy reads again).
import { apiPath, getText } from './admin-api.js';
import { definitionSecurity } from './definition-security.js';

const PARALLEL_READS = 4;
const known = new Map();
const queue = [];
let reading = 0;

/**
 * The security of one deployed API (see definitionSecurity): null when its definition cannot be
 * read, undefined when the read was dropped before it started.
 */
export function securityOf(api) {
  const key = JSON.stringify([api.name, api.version, api.deployedAt]);
  let found = known.get(key);
  if (found === undefined) {
    found = new Promise((resolve) => queue.push({ key, api, resolve }));
    known.set(key, found);
    next();
  }
  return found;
}

/** Forgets the reads that have not started: their rows left the screen. */
export function dropPendingReads() {
  for (const entry of queue.splice(0)) {
    known.delete(entry.key);
    entry.resolve(undefined);
  }
}

function next() {
  while (reading < PARALLEL_READS && queue.length > 0) {
    const entry = queue.shift();
    reading++;
    read(entry).finally(() => {
      reading--;
      next();
    });
  }
}

async function read({ key, api, resolve }) {
  try {
    resolve(definitionSecurity(await getText(`${apiPath(api.name, api.version)}/definition`)));
  } catch {
    // Not remembered: the next look at the row tries again.
    known.delete(key);
    resolve(null);
  }
}
