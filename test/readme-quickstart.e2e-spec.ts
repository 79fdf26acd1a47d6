import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePorts, GatewayProcess } from '#testing';

const run = promisify(execFile);
const REPO = process.cwd();

interface Step {
  readonly command: string;
  readonly expected?: { readonly kind: 'json' | 'text'; readonly body: string };
}

/** The sh blocks between the quickstart markers, each with the output block that follows it. */
function quickstartSteps(readme: string): Step[] {
  const section = readme.split('<!-- quickstart -->')[1]?.split('<!-- /quickstart -->')[0];
  if (section === undefined) throw new Error('README has no quickstart section');
  const blocks = [...section.matchAll(/```(sh|json|text)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));
  const steps: Step[] = [];
  for (const block of blocks) {
    if (block.lang === 'sh') steps.push({ command: block.body });
    else steps[steps.length - 1] = { ...steps[steps.length - 1], expected: { kind: block.lang as 'json' | 'text', body: block.body } };
  }
  return steps;
}

/**
 * Issue 5: the README's quick start, run as written against `npm start`'s gateway (default config,
 * the sample APIs of config/apis), with only the ports changed. Needs `npm run build` (npm test
 * builds first) and curl.
 */
describe('README quick start', () => {
  let gateway: GatewayProcess;
  let work: string;
  const ports = { http: 0, https: 0, admin: 0 };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'portico-quickstart-'));
    [ports.http, ports.https, ports.admin] = await freePorts(3);
    // `npm start`'s gateway: the repository's default config and config/apis, only ports and data dir moved.
    gateway = await GatewayProcess.start({
      httpPort: ports.http,
      env: {
        PORTICO_DATA_DIR: join(work, 'data'),
        PORTICO_DATA_PLANE__HTTP_PORT: String(ports.http),
        PORTICO_DATA_PLANE__HTTPS_PORT: String(ports.https),
        PORTICO_ADMIN__PORT: String(ports.admin),
        PORTICO_LOGGING__LEVEL: 'warn',
      },
    });
  }, 30_000);

  afterAll(async () => {
    await gateway?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('gives the answers the README shows, step by step', async () => {
    const steps = quickstartSteps(readFileSync(resolve(REPO, 'README.md'), 'utf8'));
    expect(steps.length).toBeGreaterThanOrEqual(6);
    const script = steps
      .map((step, i) => `echo '@@step ${i}@@'\n${step.command}`)
      .join('\n')
      .replaceAll('localhost:9090', `localhost:${ports.http}`)
      .replaceAll('localhost:9095', `localhost:${ports.https}`)
      .replaceAll('localhost:9843', `localhost:${ports.admin}`);
    const { stdout } = await run('bash', ['-c', script], { cwd: work, timeout: 20_000 });
    const outputs = stdout.split(/@@step \d+@@\n/).slice(1);
    expect(outputs).toHaveLength(steps.length);
    steps.forEach((step, i) => {
      if (step.expected === undefined) return;
      const actual = outputs[i].trim();
      if (step.expected.kind === 'json') expect({ step: i, body: JSON.parse(actual) }).toMatchObject({ step: i, body: JSON.parse(step.expected.body) });
      else expect({ step: i, body: actual }).toEqual({ step: i, body: step.expected.body.trim() });
    });
  });
});
