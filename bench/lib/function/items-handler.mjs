// The handler module the function target is answered by, written into the run's functions
// directory: bench/backend.mjs's GET /items body (the same 1024 bytes, lib/payloads.mjs) built once
// when the module loads, so a request costs the connector's call and nothing of the handler's own.
import fs from 'node:fs';
import path from 'node:path';
import { ITEMS_BODY } from '../payloads.mjs';

export const HANDLER_MODULE = 'items.mjs';

/** The module's source: self-contained (the body inlined), so the gateway imports nothing of the bench. */
export function itemsHandlerSource(body = ITEMS_BODY) {
  return `// Written by bench/lib/function/items-handler.mjs for one bench run.
const BODY = Buffer.from(${JSON.stringify(body.toString('utf8'))}, 'utf8');
const HEADERS = { 'content-type': 'application/json' };

export default function items() {
  return { status: 200, headers: HEADERS, body: BODY };
}
`;
}

/** Writes `<dir>/items.mjs` (creating dir) and returns its path. */
export function writeItemsHandler(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, HANDLER_MODULE);
  fs.writeFileSync(file, itemsHandlerSource());
  return file;
}
