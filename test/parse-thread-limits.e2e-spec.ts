import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Issue 14 item 2 on the parse thread as the gateway runs it (the built worker: `npm run build`):
 * the limits apply there, and a text that still needs more memory than the thread has costs
 * that text only: it is refused, the thread is replaced, the texts queued with it are parsed.
 */
const BUILT = resolve('dist/libs/definitions/src/reading/parse-thread.js');
const DEFAULTS = { maxDocumentBytes: 5 * 1024 * 1024, maxNodes: 1_000_000, maxDepth: 64 };

interface Limits {
  maxDocumentBytes: number;
  maxNodes: number;
  maxDepth: number;
}
interface Outcome {
  data: Record<string, unknown> | undefined;
  errors: { code: string; message: string; location?: string }[];
}
interface Thread {
  parse(text: string, file: string, options: { limits: Limits }): Promise<Outcome>;
  close(): Promise<void>;
}

async function startThread(heapMb: number): Promise<Thread> {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run npm run build first`);
  const { ParseThread } = (await import(pathToFileURL(BUILT).href)) as { ParseThread: { start(options: { heapMb: number }): Thread | undefined } };
  return ParseThread.start({ heapMb })!;
}

describe('the parse thread under the definitions limits', () => {
  let thread: Thread | undefined;

  afterEach(async () => {
    await thread?.close();
  });

  it('refuses a 1,000,000-deep JSON text at once, and keeps working', async () => {
    thread = await startThread(1536);
    const deep = `{"openapi": "3.0.0", "x-deep": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const outcome = await thread.parse(deep, 'deep.json', { limits: DEFAULTS });
    expect(outcome.data).toBeUndefined();
    expect(outcome.errors).toEqual([expect.objectContaining({ code: 'document.too-deep', location: `deep.json:1:${deep.indexOf('[') + 64}` })]);
    expect((await thread.parse('a: 1', 'after.yaml', { limits: DEFAULTS })).data).toEqual({ a: 1 });
  });

  it('refuses the text that ran the thread out of memory, and parses the texts queued with it on a new thread', async () => {
    thread = await startThread(96);
    // Within these (raised) limits, but some 3 GB of parser structures: far more than 96 MB.
    const limits = { maxDocumentBytes: 64 * 1024 * 1024, maxNodes: 10_000_000, maxDepth: 64 };
    const huge = `{"a": [${'1,'.repeat(3_000_000)}1]}`;
    const [before, refused, after] = await Promise.all([
      thread.parse('before: 1', 'before.yaml', { limits }),
      thread.parse(huge, 'huge.json', { limits }),
      thread.parse('after: 2', 'after.yaml', { limits }),
    ]);
    expect(before).toEqual({ data: { before: 1 }, errors: [], warnings: [] });
    expect(refused).toEqual({
      data: undefined,
      errors: [{ code: 'document.too-large', message: 'huge.json: parsing it needs more than the 96 MB the parse thread has (definitions.parseThreadHeapMb)', location: 'huge.json' }],
      warnings: [],
    });
    expect(after).toEqual({ data: { after: 2 }, errors: [], warnings: [] });
    expect((await thread.parse('later: 3', 'later.yaml', { limits })).data).toEqual({ later: 3 });
  });
});
