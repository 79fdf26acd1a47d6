import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The parse thread as the gateway runs it: the built worker (`npm run build`), since the test
 * runner's TypeScript sources cannot start a worker thread. Parsing must give what parsing on
 * the event loop gives: the data, the written key order, the problems with their locations.
 */
const BUILT = resolve('dist/libs/definitions/src/reading/parse-thread.js');
const SOURCE_ORDER = Symbol.for('portico.sourceKeyOrder');
/** The default definitions.* limits, as every text is parsed under them. */
const OPTIONS = { limits: { maxDocumentBytes: 5 * 1024 * 1024, maxNodes: 1_000_000, maxDepth: 64 } };

interface Outcome {
  data: Record<string, unknown> | undefined;
  errors: { code: string; location?: string }[];
  warnings: { code: string }[];
}
interface Thread {
  parse(text: string, file: string, options: typeof OPTIONS): Promise<Outcome>;
  close(): Promise<void>;
}

describe('the parse thread (definitions parsed off the event loop)', () => {
  let thread: Thread;

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
    const { ParseThread } = (await import(pathToFileURL(BUILT).href)) as { ParseThread: { start(options: { heapMb: number }): Thread | undefined } };
    thread = ParseThread.start({ heapMb: 1536 })!;
    expect(thread).toBeDefined();
  });

  afterAll(async () => {
    await thread.close();
  });

  it('returns the data with the written order of response codes and the textual versions', async () => {
    const outcome = await thread.parse("openapi: 3.0.3\ninfo: { title: T, version: 1.0 }\npaths:\n  /a:\n    get:\n      responses:\n        '202': { description: later }\n        '201': { description: first }\n", 'swagger.yaml', OPTIONS);
    expect(outcome.errors).toEqual([]);
    const info = outcome.data!.info as Record<string, unknown>;
    expect(info.version).toBe('1.0');
    const responses = ((outcome.data!.paths as Record<string, Record<string, Record<string, unknown>>>)['/a'].get.responses) as Record<string | symbol, unknown>;
    expect(Object.keys(responses)).toEqual(['201', '202']);
    expect(responses[SOURCE_ORDER]).toEqual(['202', '201']);
  });

  it('reports a syntax error with its line and column, and keeps working after it', async () => {
    const broken = await thread.parse('openapi: 3.0.3\npaths: [\n', 'swagger.yaml', OPTIONS);
    expect(broken.data).toBeUndefined();
    expect(broken.errors.map((e) => e.code)).toEqual(['document.syntax']);
    expect(broken.errors[0].location).toMatch(/^swagger\.yaml:\d+:\d+$/);
    const fine = await Promise.all([1, 2, 3].map((n) => thread.parse(`n: ${n}`, 'x.yaml', OPTIONS)));
    expect(fine.map((o) => o.data!.n)).toEqual([1, 2, 3]);
  });

  it('hands data it cannot encode (a recursive alias) back to be parsed on the caller\'s thread', async () => {
    const outcome = await thread.parse('a: &x [*x]\n', 'loop.yaml', OPTIONS);
    expect(outcome.errors).toEqual([]);
    const a = outcome.data!.a as unknown[];
    expect(a[0]).toBe(a);
  });
});
