import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendError, sendJson } from './http-exchange.js';
import { isPetStatus, type PetStatus, type PetStore } from './pet-store.js';

export const PET_PREFIX = '/pet';

const PET_BY_ID = /^\/pet\/([^/]+)\/?$/;

/**
 * `GET /pet/{id}`, `GET /pet/findByStatus?status=`, `POST /pet`: the subset of the Swagger pet
 * store the docs use. Answers false when the path is not one of them.
 */
export async function servePetStore(store: PetStore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (path === '/pet' || path === '/pet/') {
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    await addPet(store, req, res);
    return true;
  }
  if (path === '/pet/findByStatus' || path === '/pet/findByStatus/') {
    if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
    findByStatus(store, res, url.searchParams);
    return true;
  }
  const byId = PET_BY_ID.exec(path);
  if (byId === null) return false;
  if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
  const id = Number(byId[1]);
  if (!/^\d+$/.test(byId[1]) || !Number.isSafeInteger(id)) sendError(res, 400, 'invalid_id', 'Invalid ID supplied');
  else {
    const pet = store.get(id);
    if (pet === undefined) sendError(res, 404, 'pet_not_found', `Pet ${id} not found`);
    else sendJson(res, 200, pet);
  }
  return true;
}

function findByStatus(store: PetStore, res: ServerResponse, params: URLSearchParams): void {
  // Both `status=a&status=b` and `status=a,b` are accepted, as in the Swagger sample.
  const requested = params.getAll('status').flatMap((value) => value.split(','));
  if (requested.length === 0 || !requested.every(isPetStatus)) {
    sendError(res, 400, 'invalid_status', 'Invalid status value: use available, pending or sold');
    return;
  }
  sendJson(res, 200, store.findByStatus(requested as PetStatus[]));
}

async function addPet(store: PetStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  let input: unknown;
  try {
    input = JSON.parse(raw.toString('utf8'));
  } catch {
    input = undefined;
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    sendError(res, 400, 'invalid_pet', 'The body must be a JSON object describing a pet');
    return;
  }
  sendJson(res, 200, store.add(input as Record<string, unknown>));
}

function methodNotAllowed(res: ServerResponse, allowed: string): true {
  res.setHeader('allow', allowed);
  sendError(res, 405, 'method_not_allowed', `Use ${allowed} on this path`);
  return true;
}
