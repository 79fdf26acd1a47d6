import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_AUTH, call, type CallResult, compressibleDefinition, freePorts, GatewayProcess, openApiDocument, understateZipEntry, writeTestConfig, zipOf } from '#testing';
import { type AdminErrorBody, PORTICO_BASE } from './support/admin-api.js';
import { HealthProbe } from './support/health-probe.js';

/**
 * Issue 14 item 2 on the built gateway in a child process, so that definitions are parsed on the
 * real parse thread: deploys that would exhaust memory (too large, too deep, zip bombs, a
 * document the parse thread runs out of memory on) get a 422 or 400 and change nothing, and the
 * data plane keeps answering, within a second, a request every 100 ms all along: during those
 * attacks and during a large deploy that is allowed.
 */

const MiB = 1024 * 1024;
const HEAP_MB = 512;

/** A mock API of `paths` resources, about 300 bytes each. */
function largeDefinition(paths: number): string {
  const lines = ['openapi: 3.0.3', 'info: { title: Large, version: v1 }', 'x-wso2-basePath: /large', 'x-wso2-disable-security: true', 'x-portico-mock: true', 'paths:'];
  for (let i = 0; i < paths; i++) {
    lines.push(
      `  /items${i}/{id}:`,
      '    get:',
      `      operationId: getItem${i}`,
      '      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]',
      '      responses:',
      "        '200':",
      `          description: item ${i}`,
      '          content:',
      `            application/json: { example: { id: ${i}, name: item ${i}, tags: [a, b, c] } }`,
    );
  }
  return lines.join('\n') + '\n';
}

/** An apictl project zip whose definition is `bytes` of highly compressible YAML, streamed (never held whole). */
function bombZip(bytes: number): Promise<Buffer> {
  const endpoint = { url: 'http://backend.example:8080' };
  const apiYaml = { type: 'api', version: 'v4.1.0', data: { name: 'Bomb', version: 'v1', context: '/bomb', endpointConfig: { endpoint_type: 'http', production_endpoints: endpoint } } };
  return zipOf({ 'Bomb/api.yaml': JSON.stringify(apiYaml), 'Bomb/Definitions/swagger.yaml': compressibleDefinition(bytes) });
}

describe('deploys that would exhaust memory (issue 14 item 2), on the built gateway', () => {
  let dir: string;
  let gateway: GatewayProcess;
  let httpPort: number;
  let adminPort: number;

  const deploy = (body: string | Buffer, contentType: string): Promise<CallResult> =>
    call({ port: adminPort, path: `${PORTICO_BASE}/apis`, method: 'POST', headers: { authorization: ADMIN_AUTH, 'content-type': contentType }, body });
  const list = async (): Promise<unknown> => (await call({ port: adminPort, path: `${PORTICO_BASE}/apis`, headers: { authorization: ADMIN_AUTH } })).json();
  const problemsOf = (res: CallResult) => ({ status: res.status, problems: res.json<AdminErrorBody>().problems?.map((p) => [p.code, p.location, p.message]) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-limits-'));
    const [http, https, admin] = await freePorts(3);
    [httpPort, adminPort] = [http, admin];
    const config = writeTestConfig(dir, { dataPlane: { httpPort: http, httpsPort: https }, admin: { port: admin }, definitions: { parseThreadHeapMb: HEAP_MB } });
    gateway = await GatewayProcess.start({ args: ['--config', config], httpPort: http });
    const kept = openApiDocument({ title: 'Kept', version: 'v1', basePath: '/kept', paths: { '/pets': ['get'] }, extra: { 'x-portico-mock': true } });
    expect((await deploy(kept, 'application/yaml')).status).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses each attack with a clear problem, changes nothing, and the data plane keeps serving', async () => {
    const listed = await list();
    const kept = (): Promise<CallResult> => call({ port: httpPort, path: '/kept/pets', headers: { host: 'localhost' } });
    const keptBefore = await kept();
    const probe = HealthProbe.start(httpPort);

    const large = `openapi: 3.0.3\ninfo: { title: Large, version: v1 }\nx-filler: ${'x'.repeat(6 * MiB)}\n`;
    expect(problemsOf(await deploy(large, 'application/yaml'))).toEqual({
      status: 422,
      problems: [['document.too-large', 'definition', `definition: the document is ${large.length} bytes; at most 5242880 are accepted (definitions.maxDocumentBytes)`]],
    });

    const deep = `{"openapi": "3.0.3", "x-deep": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const tooDeep = problemsOf(await deploy(deep, 'application/json'));
    expect(tooDeep.status).toBe(422);
    expect(tooDeep.problems).toEqual([['document.too-deep', expect.stringMatching(/^definition:1:\d+$/), expect.stringContaining('nested more than 64 levels deep')]]);

    const bomb = await bombZip(300 * MiB);
    expect(bomb.length).toBeLessThan(2 * MiB);
    expect(problemsOf(await deploy(bomb, 'application/zip'))).toEqual({
      status: 400,
      problems: [['artifact.too-large', undefined, `the project expands to more than ${128 * MiB} bytes (definitions.maxProjectBytes)`]],
    });
    const declared = problemsOf(await deploy(await bombZip(100 * MiB), 'application/zip'));
    expect(declared.status).toBe(422);
    expect(declared.problems).toEqual([['document.too-large', 'Bomb/Definitions/swagger.yaml', expect.stringMatching(/^zip entry "Bomb\/Definitions\/swagger\.yaml" declares 1\d{8} bytes; at most 5242880 are accepted for one file/)]]);
    const forged = problemsOf(await deploy(understateZipEntry(bomb, 'Bomb/Definitions/swagger.yaml', 4 * MiB), 'application/zip'));
    expect(forged).toEqual({
      status: 400,
      problems: [['artifact.unreadable', 'Bomb/Definitions/swagger.yaml', `zip entry "Bomb/Definitions/swagger.yaml" inflates to more than the ${4 * MiB} bytes it declares: the zip is damaged or forged`]],
    });

    // Within every limit (2 MB, a million nodes, flat), but about 1 GB of parser structures.
    const costly = `{"openapi": "3.0.3", "x-ones": [${'1,'.repeat(999_000)}1]}`;
    expect(problemsOf(await deploy(costly, 'application/json'))).toEqual({
      status: 422,
      problems: [['document.too-large', 'definition', `definition: parsing it needs more than the ${HEAP_MB} MB the parse thread has (definitions.parseThreadHeapMb)`]],
    });

    const report = await probe.stop();
    expect(report.failures).toEqual([]);
    expect(report.answered).toBeGreaterThan(0);
    expect(report.slowestMs).toBeLessThan(1000);
    expect(await list()).toEqual(listed);
    const keptAfter = await kept();
    expect([keptAfter.status, keptAfter.text]).toEqual([keptBefore.status, keptBefore.text]);
  }, 120_000);

  it('keeps the data plane serving while a large definition within the limits is deployed', async () => {
    // 1.5 MB, 5,000 resources: the compile of one API is one synchronous step of the deploy, so
    // its stall grows with the API (about 0.05 ms per mock resource on this VM, alone).
    const definition = largeDefinition(5000);
    expect(definition.length).toBeGreaterThan(1.4 * MiB);
    const probe = HealthProbe.start(httpPort);
    const res = await deploy(definition, 'application/yaml');
    const report = await probe.stop();
    expect(res.status).toBe(201);
    expect(report.failures).toEqual([]);
    expect(report.answered).toBeGreaterThan(0);
    expect(report.slowestMs).toBeLessThan(1000);
    const item = await call({ port: httpPort, path: '/large/items4999/7', headers: { host: 'localhost' } });
    expect(item.status).toBe(200);
    expect(item.json()).toEqual({ id: 4999, name: 'item 4999', tags: ['a', 'b', 'c'] });
  }, 120_000);
});
