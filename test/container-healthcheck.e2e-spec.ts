import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTestGateway } from '#testing';

/** What `docker build` would run, as far as it runs here (issue 21 item 8): the image's HEALTHCHECK against a real gateway. */
function healthcheck(url: string): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [resolve('scripts/healthcheck.mjs'), url], { timeout: 10_000 }, (error, _stdout, stderr) =>
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stderr }),
    );
  });
}

describe('the container health check', () => {
  it('is the Dockerfile HEALTHCHECK, with the script copied into the image', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "scripts\/healthcheck\.mjs"\]$/m);
    expect(dockerfile).toMatch(/^COPY scripts\/healthcheck\.mjs \.\/scripts\/$/m);
  });

  it('passes while /ready answers 200, and fails with one line once the gateway is gone', async () => {
    const gw = await startTestGateway();
    const url = `http://127.0.0.1:${gw.running.ports.http}/ready`;
    try {
      expect(await healthcheck(url)).toEqual({ code: 0, stderr: '' });
    } finally {
      await gw.destroy();
    }
    const failed = await healthcheck(url);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(`${url}: ECONNREFUSED`);
  });
});
