import { Readable } from 'node:stream';
import { createDeflateRaw, createInflateRaw } from 'node:zlib';
import { DeployRejectedError, type ApiSource } from '#core';
import { testSettings } from './fixtures.spec-support.js';
import { loadApiDefinition } from './load-api-definition.js';
import { type ByteStream, readAtMost } from './reading/byte-limited-read.js';
// Not #testing, which would load the whole gateway into these unit tests.
// eslint-disable-next-line no-restricted-imports
import { compressibleDefinition, understateZipEntry, zipOf } from '../../testing/src/project-zip.js';

/**
 * Issue 14 item 2: a zip whose entries expand far beyond their compressed size (0.6 MB → 300 MB
 * of YAML was accepted, persisted and parsed at every start) is refused without inflating it:
 * from the size an entry declares, and, when the zip lies about it, by counting while inflating.
 */

const MiB = 1024 * 1024;
const DEFINITION = 'Bomb/Definitions/swagger.yaml';
const ENDPOINT = { url: 'http://backend.example:8080' };
const API_YAML = JSON.stringify({
  type: 'api',
  version: 'v4.1.0',
  data: { name: 'Bomb', version: 'v1', context: '/bomb', endpointConfig: { endpoint_type: 'http', production_endpoints: ENDPOINT, sandbox_endpoints: ENDPOINT } },
});

/** An apictl project zip whose definition is `bytes` of YAML, streamed through yazl as apictl would zip it. */
function bombZip(bytes: number): Promise<Buffer> {
  return zipOf({ 'Bomb/api.yaml': API_YAML, [DEFINITION]: compressibleDefinition(bytes) });
}

async function rejection(source: ApiSource): Promise<DeployRejectedError> {
  try {
    await loadApiDefinition(source, testSettings());
  } catch (error) {
    if (error instanceof DeployRejectedError) return error;
    throw error;
  }
  throw new Error('expected the load to be rejected');
}

describe('zip bombs', () => {
  let bomb: Buffer;

  beforeAll(async () => {
    bomb = await bombZip(64 * MiB);
  });

  it('refuses an entry that declares more than definitions.maxDocumentBytes with 422, before inflating a byte of it', async () => {
    expect(bomb.length).toBeLessThan(MiB);
    const error = await rejection({ kind: 'zip', data: bomb });
    expect(error.status).toBe(422);
    expect(error.problems).toEqual([
      {
        code: 'document.too-large',
        message: expect.stringMatching(new RegExp(`^zip entry "Bomb/Definitions/swagger\\.yaml" declares 6\\d{7} bytes; at most 5242880 are accepted for one file \\(definitions\\.maxDocumentBytes\\)$`)),
        location: DEFINITION,
      },
    ]);
  });

  it('stops an entry whose zip understates its size as soon as it inflates past what it declares', async () => {
    for (const declared of [1000, 4 * MiB]) {
      const error = await rejection({ kind: 'zip', data: understateZipEntry(bomb, DEFINITION, declared) });
      expect(error.status).toBe(400);
      expect(error.problems).toEqual([
        { code: 'artifact.unreadable', message: `zip entry "${DEFINITION}" inflates to more than the ${declared} bytes it declares: the zip is damaged or forged`, location: DEFINITION },
      ]);
    }
  });

  it('still deploys a project within the limits', async () => {
    const api = await loadApiDefinition({ kind: 'zip', data: await bombZip(MiB) }, testSettings());
    expect(api.api.name).toBe('Bomb');
  });
});

describe('reading at most a number of bytes (the counter behind every inflated entry)', () => {
  /** A real inflater over a deflated stream of `bytes` zeros, counting what it hands out. */
  async function inflating(bytes: number): Promise<{ stream: ByteStream & { destroyed: boolean }; handedOut: () => number }> {
    const deflated: Buffer[] = [];
    const zeros = Buffer.alloc(MiB);
    const deflater = Readable.from((function* () {
      for (let sent = 0; sent < bytes; sent += MiB) yield zeros;
    })()).pipe(createDeflateRaw());
    for await (const chunk of deflater) deflated.push(chunk as Buffer);
    const inflater = createInflateRaw();
    Readable.from(deflated).pipe(inflater);
    let handed = 0;
    const stream = {
      async *[Symbol.asyncIterator]() {
        for await (const chunk of inflater) {
          handed += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      },
      destroy: () => inflater.destroy(),
      get destroyed() {
        return inflater.destroyed;
      },
    };
    return { stream, handedOut: () => handed };
  }

  it('stops a 256 MiB bomb one chunk past the limit and destroys the stream', async () => {
    const { stream, handedOut } = await inflating(256 * MiB);
    expect(await readAtMost(stream, MiB)).toBeUndefined();
    expect(handedOut()).toBeGreaterThan(MiB);
    expect(handedOut()).toBeLessThanOrEqual(MiB + 64 * 1024);
    expect(stream.destroyed).toBe(true);
  });

  it('returns the whole content within the limit', async () => {
    const { stream } = await inflating(2 * MiB);
    expect((await readAtMost(stream, 2 * MiB))?.length).toBe(2 * MiB);
  });
});
