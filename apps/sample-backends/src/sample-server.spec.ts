import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSampleServer } from './sample-server.js';

describe('sample backends', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createSampleServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns a pet by id and 404 / 400 for unknown and malformed ids', async () => {
    const found = await fetch(`${base}/pet/1`);
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ id: 1, name: 'doggie', status: 'available' });
    const missing = await fetch(`${base}/pet/999999`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 'pet_not_found', message: 'Pet 999999 not found' });
    expect((await fetch(`${base}/pet/abc`)).status).toBe(400);
  });

  it('finds pets by one or several statuses and rejects unknown ones', async () => {
    const sold = (await (await fetch(`${base}/pet/findByStatus?status=sold`)).json()) as { status: string }[];
    expect(sold.length).toBeGreaterThan(0);
    expect(sold.every((pet) => pet.status === 'sold')).toBe(true);
    const both = (await (await fetch(`${base}/pet/findByStatus?status=sold,pending`)).json()) as unknown[];
    const repeated = (await (await fetch(`${base}/pet/findByStatus?status=sold&status=pending`)).json()) as unknown[];
    expect(both).toEqual(repeated);
    expect(both.length).toBeGreaterThan(sold.length);
    expect((await fetch(`${base}/pet/findByStatus?status=lost`)).status).toBe(400);
    expect((await fetch(`${base}/pet/findByStatus`)).status).toBe(400);
  });

  it('adds a pet, echoing it with a new id, and serves it afterwards', async () => {
    const added = await fetch(`${base}/pet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'nemo', status: 'pending', extra: 'kept' }),
    });
    expect(added.status).toBe(200);
    const pet = (await added.json()) as { id: number; name: string; extra: string };
    expect(pet).toMatchObject({ name: 'nemo', status: 'pending', extra: 'kept' });
    expect(Number.isInteger(pet.id)).toBe(true);
    expect(await (await fetch(`${base}/pet/${pet.id}`)).json()).toEqual(pet);
    const broken = await fetch(`${base}/pet`, { method: 'POST', body: '[1,2]' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { code: string }).code).toBe('invalid_pet');
  });

  it('answers 405 with Allow for a known path and another method', async () => {
    const res = await fetch(`${base}/pet/1`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('echoes method, path, query, headers and a JSON body under /echo/*', async () => {
    const res = await fetch(`${base}/echo/a/b?x=1&x=2&y=3`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-demo': 'yes' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      method: 'PUT',
      path: '/echo/a/b',
      query: { x: ['1', '2'], y: '3' },
      headers: { 'x-demo': 'yes' },
      body: { a: 1 },
    });
    const text = (await (await fetch(`${base}/echo`, { method: 'POST', body: 'plain' })).json()) as { body: unknown };
    expect(text.body).toBe('plain');
  });

  it('refuses bodies over 1 MiB with 413 and unknown paths with 404', async () => {
    const big = await fetch(`${base}/echo/big`, { method: 'POST', body: Buffer.alloc(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    const none = await fetch(`${base}/nothing-here`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { code: string }).code).toBe('not_found');
  });
});
