import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { RedisServer } from './redis-server.js';
import { describeWithProgram, REDIS_SERVER } from './machine-programs.js';

if (!RedisServer.available()) {
  throw new Error('redis-server is not installed: apt-get install redis-server (.ci/run installs it)');
}

describeWithProgram(REDIS_SERVER, 'RedisServer', () => {
  let redis: RedisServer | undefined;

  afterEach(async () => {
    await redis?.close();
    redis = undefined;
  });

  it('starts a durable redis on 127.0.0.1 that keeps its data through kill -9 and restart', async () => {
    redis = await RedisServer.start();
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await redis.command('CONFIG', 'GET', 'appendfsync')).toBe('appendfsync\nalways');

    expect(await redis.command('SET', 'portico:greeting', 'héllo wörld')).toBe('OK');
    await redis.kill('SIGKILL');
    await expect(redis.command('GET', 'portico:greeting')).rejects.toThrow();

    await redis.restart();
    expect(await redis.command('GET', 'portico:greeting')).toBe('héllo wörld');
    expect(await redis.command('GET', 'portico:missing')).toBe('(nil)');
  });

  it('restart waits while another process briefly holds its port', async () => {
    redis = await RedisServer.start();
    await redis.command('SET', 'k', 'v');
    await redis.kill();
    // Hangs up on whoever connects, so its close() does not wait for connections.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => squatter.listen(redis!.port, '127.0.0.1', done));
    const restarted = redis.restart();
    for (let i = 0; i < 500 && !/Address already in use/.test(redis.log); i++) await new Promise((r) => setTimeout(r, 10));
    expect(redis.log).toMatch(/Address already in use/);
    await new Promise((done) => squatter.close(done));
    await restarted;
    expect(await redis.command('GET', 'k')).toBe('v');
  });

  it('reports redis errors as rejections', async () => {
    redis = await RedisServer.start();
    await expect(redis.command('NOSUCHCOMMAND')).rejects.toThrow(/redis: ERR unknown command/);
  });

  it('removes the temp dir it created on close, and keeps a dir it was given', async () => {
    redis = await RedisServer.start();
    const created = redis.dir;
    expect(existsSync(created)).toBe(true);
    await redis.close();
    expect(existsSync(created)).toBe(false);

    const given = `${created}-given`;
    try {
      redis = await RedisServer.start({ dir: given });
      await redis.command('SET', 'k', 'v');
      await redis.close();
      expect(existsSync(given)).toBe(true);
      // The next server on that dir replays its append-only file.
      redis = await RedisServer.start({ dir: given });
      expect(await redis.command('GET', 'k')).toBe('v');
      await redis.close();
    } finally {
      await rm(given, { recursive: true, force: true });
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    redis = await RedisServer.start();
    await redis.kill('SIGTERM');
    expect(redis.running).toBe(false);
    expect(redis.log).toMatch(/ready to exit/i);
  });
});
