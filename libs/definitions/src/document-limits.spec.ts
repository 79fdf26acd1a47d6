import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeployRejectedError } from '#core';
import type { DefinitionLimitsSettings } from '#settings';
import { loadDocument, oas3, projectOf, testSettings, writeProject } from './fixtures.spec-support.js';
import { loadApiDefinition } from './load-api-definition.js';
import { ProblemCollector } from './problems/problem-collector.js';
import { documentLimitsOf } from './reading/document-limits.js';
import { parseStructuredText } from './reading/yaml-document.js';

/**
 * Issue 14 item 2: what one definition may be (definitions.* settings), checked before the
 * structures the limits bound are built, each passed limit a 422 naming the file, the limit and
 * what was found. These run the parser on the test's thread; the parse thread is covered by
 * test/parse-thread.e2e-spec.ts and test/definition-limits.e2e-spec.ts.
 */

function limited(limits: Partial<DefinitionLimitsSettings>) {
  const settings = testSettings();
  Object.assign(settings.definitions, limits);
  return settings;
}

async function rejection(load: Promise<unknown>): Promise<DeployRejectedError> {
  try {
    await load;
  } catch (error) {
    if (error instanceof DeployRejectedError) return error;
    throw error;
  }
  throw new Error('expected the load to be rejected');
}

/** The start of a valid OpenAPI document in YAML, for extensions to follow. */
const HEAD = 'openapi: 3.0.0\ninfo: { title: Pets, version: 1.0.0 }\nx-wso2-basePath: /pets\nx-wso2-production-endpoints: { urls: [http://backend.example:8080] }\npaths: {}\n';

/** An OpenAPI document (JSON) with `extension` as the value of `x-data`, written as given. */
function withData(extension: string): string {
  return `${oas3().slice(0, -1)},"x-data":${extension}}`;
}

describe('the size of a document (definitions.maxDocumentBytes)', () => {
  it('refuses a document over the limit with 422 document.too-large naming the file, its size and the limit', async () => {
    const text = oas3({ info: { title: 'Pets', version: '1.0.0', description: 'x'.repeat(5000) } });
    const error = await rejection(loadDocument(text, limited({ maxDocumentBytes: 4096 }), 'pets.json'));
    expect(error.status).toBe(422);
    expect(error.problems).toEqual([
      { code: 'document.too-large', message: `pets.json: the document is ${text.length} bytes; at most 4096 are accepted (definitions.maxDocumentBytes)`, location: 'pets.json' },
    ]);
  });

  it('counts bytes, not characters, and accepts a document of exactly the limit', async () => {
    const text = oas3({ info: { title: 'Pets', version: '1.0.0', description: 'é'.repeat(1500) } });
    expect(text.length).toBeLessThan(4096);
    const bytes = Buffer.byteLength(text);
    expect((await rejection(loadDocument(text, limited({ maxDocumentBytes: bytes - 1 })))).problems[0]).toMatchObject({
      code: 'document.too-large',
      message: `definition.yaml: the document is ${bytes} bytes; at most ${bytes - 1} are accepted (definitions.maxDocumentBytes)`,
    });
    expect((await loadDocument(text, limited({ maxDocumentBytes: bytes }))).api.name).toBe('Pets');
  });

  it('refuses a 6 MB document by default', async () => {
    const text = oas3({ info: { title: 'Pets', version: '1.0.0', description: 'x'.repeat(6 * 1024 * 1024) } });
    expect((await rejection(loadDocument(text))).problems).toEqual([
      { code: 'document.too-large', message: `definition.yaml: the document is ${text.length} bytes; at most 5242880 are accepted (definitions.maxDocumentBytes)`, location: 'definition.yaml' },
    ]);
  });

  it('refuses a file of a project folder over the limit without reading it', async () => {
    const definition = oas3({ info: { title: 'Pets', version: '1.0.0', description: 'x'.repeat(5000) } });
    const root = writeProject(projectOf(definition, JSON.stringify({ type: 'api', version: 'v4.1.0', data: { name: 'Pets', version: '1.0.0', context: '/pets' } })));
    writeFileSync(join(root, 'Project', 'deployment_environments.yaml'), 'data: []\n'.padEnd(6000, '#'));
    const error = await rejection(loadApiDefinition({ kind: 'folder', path: root }, limited({ maxDocumentBytes: 4096 })));
    expect(error.problems.map((p) => [p.code, p.location, p.message.replace(/ is \d+ bytes/, ' is N bytes')])).toEqual([
      ['document.too-large', 'Project/Definitions/swagger.yaml', 'Project/Definitions/swagger.yaml: the file is N bytes; at most 4096 are accepted (definitions.maxDocumentBytes)'],
      ['document.too-large', 'Project/deployment_environments.yaml', 'Project/deployment_environments.yaml: the file is N bytes; at most 4096 are accepted (definitions.maxDocumentBytes)'],
    ]);
  });
});

describe('the nodes of a document (definitions.maxNodes)', () => {
  it('refuses a document with more nodes than the limit where the count passes it, not at its end', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => `  - item ${i}`).join('\n');
    const text = `${HEAD}x-data:\n${items}\n`;
    const error = await rejection(loadDocument(text, limited({ maxNodes: 1000 }), 'pets.yaml'));
    expect(error.status).toBe(422);
    expect(error.problems).toEqual([
      {
        code: 'document.too-many-nodes',
        message: expect.stringMatching(/^pets\.yaml: the document has more than 1000 nodes \(mappings, sequences and scalars, with what aliases repeat\) \(the limit is passed at line \d+, column \d+\); at most 1000 are accepted \(definitions\.maxNodes\)$/),
        location: expect.stringMatching(/^pets\.yaml:\d+:\d+$/),
      },
    ]);
    // Nodes are counted as the text is read: the tree stopped growing at the 1001st node.
    const line = Number(error.problems[0].location!.split(':')[1]);
    expect(line).toBeGreaterThan(900);
    expect(line).toBeLessThan(1100);
  });

  it('counts empty values, which have no text of their own', async () => {
    const text = `${HEAD}x-data:\n${'  -\n'.repeat(3000)}`;
    expect((await rejection(loadDocument(text, limited({ maxNodes: 1000 })))).problems[0].code).toBe('document.too-many-nodes');
  });

  it('counts what aliases repeat', async () => {
    const anchored = Array.from({ length: 200 }, (_, i) => `    k${i}: v`).join('\n');
    const text = `${HEAD}x-base: &base\n${anchored}\nx-copies: [${Array(10).fill('*base').join(', ')}]\n`;
    expect((await rejection(loadDocument(text, limited({ maxNodes: 1000 })))).problems).toEqual([
      {
        code: 'document.too-many-nodes',
        message: 'definition.yaml: the document has more than 1000 nodes (mappings, sequences and scalars, with what aliases repeat); at most 1000 are accepted (definitions.maxNodes)',
        location: 'definition.yaml',
      },
    ]);
    expect((await loadDocument(text, limited({ maxNodes: 5000 }))).api.name).toBe('Pets');
  });

  it('refuses text repeated by aliases beyond the size limit as document.too-large', async () => {
    const text = `${HEAD}x-text: &text ${'a'.repeat(3000)}\nx-copies: [*text, *text, *text, *text]\n`;
    expect((await rejection(loadDocument(text, limited({ maxDocumentBytes: 10_000 })))).problems).toEqual([
      {
        code: 'document.too-large',
        message: 'definition.yaml: its aliases repeat text to more than 10000 characters; at most 10000 are accepted (definitions.maxDocumentBytes)',
        location: 'definition.yaml',
      },
    ]);
  });

  it('parses a mapping of 100,000 keys (the library compares each key with all before it)', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const problems = new ProblemCollector();
    const data = parseStructuredText(keys, 'keys.yaml', problems, { limits: documentLimitsOf(testSettings()) });
    expect(problems.errors).toEqual([]);
    expect(Object.keys(data!)).toHaveLength(100_000);
  });

  it('still refuses a key written twice, at the second one', () => {
    const problems = new ProblemCollector();
    parseStructuredText('a: 1\nb:\n  c: 1\n  c: 2\n', 'twice.yaml', problems, { limits: documentLimitsOf(testSettings()) });
    expect(problems.errors).toEqual([{ code: 'document.syntax', message: 'twice.yaml: syntax error at line 4, column 3: Map keys must be unique', location: 'twice.yaml:4:3' }]);
  });
});

describe('the depth of a document (definitions.maxDepth)', () => {
  const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it('refuses a JSON body nested 1,000,000 deep with 422 document.too-deep where the limit is passed, without a stack overflow', async () => {
    const text = withData(nested(1_000_000));
    const error = await rejection(loadDocument(text, testSettings(), 'deep.json'));
    expect(error.status).toBe(422);
    const column = text.indexOf('[[') + 64;
    expect(error.problems).toEqual([
      {
        code: 'document.too-deep',
        message: `deep.json: mappings and sequences are nested more than 64 levels deep at line 1, column ${column}; at most 64 are accepted (definitions.maxDepth)`,
        location: `deep.json:1:${column}`,
      },
    ]);
  });

  it('accepts a document nested exactly as deep as the limit', async () => {
    // The document's own mapping is the first level.
    expect((await loadDocument(withData(nested(63)))).api.name).toBe('Pets');
    expect((await rejection(loadDocument(withData(nested(64))))).problems[0].code).toBe('document.too-deep');
  });

  it('refuses block nesting too, and nesting that aliases add', async () => {
    const block = (levels: number, indent = '') => Array.from({ length: levels }, (_, i) => `${indent}${'  '.repeat(i)}k${i}:`).join('\n') + ' leaf';
    const deepBlock = `${HEAD}x-data:\n${block(12, '  ')}\n`;
    expect((await rejection(loadDocument(deepBlock, limited({ maxDepth: 10 })))).problems[0]).toMatchObject({ code: 'document.too-deep', location: expect.stringMatching(/^definition\.yaml:\d+:\d+$/) });
    const aliased = `${HEAD}x-base: &base {a: {b: {c: {d: 1}}}}\nx-data: {a: {b: {c: {d: {e: *base}}}}}\n`;
    expect((await rejection(loadDocument(aliased, limited({ maxDepth: 8 })))).problems).toEqual([
      { code: 'document.too-deep', message: 'definition.yaml: mappings and sequences are nested more than 8 levels deep; at most 8 are accepted (definitions.maxDepth)', location: 'definition.yaml' },
    ]);
    expect((await loadDocument(aliased, limited({ maxDepth: 10 }))).api.name).toBe('Pets');
  });
});
