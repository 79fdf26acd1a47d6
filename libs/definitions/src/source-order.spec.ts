import { keysInSourceOrder } from '#core';
import { loadDocument, loadZip, projectOf, testSettings } from './fixtures.spec-support.js';
import { ProblemCollector } from './problems/problem-collector.js';
import { documentLimitsOf } from './reading/document-limits.js';
import { parseStructuredText } from './reading/yaml-document.js';

/**
 * The written key order survives reading (issue 13, item 6): JavaScript objects list
 * integer-like keys first and sorted, so the reader records the order of the document.
 */
const parse = (text: string): Record<string, unknown> => {
  const problems = new ProblemCollector();
  const data = parseStructuredText(text, 'doc', problems, { limits: documentLimitsOf(testSettings()) });
  expect(problems.errors).toEqual([]);
  return data!;
};

const MOCK_202_THEN_201 = `openapi: 3.0.3
info: { title: Jobs, version: v1 }
x-wso2-basePath: /jobs
x-portico-mock: true
paths:
  /jobs:
    get:
      responses:
        '202': { description: queued, content: { application/json: { example: { state: queued } } } }
        '201': { description: done, content: { application/json: { example: { state: done } } } }
`;

describe('reading YAML and JSON keeps the written key order', () => {
  it('records it for integer-like keys, in YAML and in JSON', () => {
    const yaml = parse("responses:\n  '202': a\n  default: b\n  '201': c\n");
    const json = parse('{"responses": {"202": "a", "default": "b", "201": "c"}}');
    for (const data of [yaml, json]) {
      const responses = data.responses as Record<string, string>;
      expect(Object.keys(responses)).toEqual(['201', '202', 'default']);
      expect(keysInSourceOrder(responses)).toEqual(['202', 'default', '201']);
    }
  });

  it('records nothing where JavaScript keeps the order, and never an enumerable property', () => {
    const data = parse('b: 1\na: { x: 1, y: 2 }\nn: { "1": a, "2": b }\n');
    expect(Object.getOwnPropertySymbols(data)).toEqual([]);
    expect(Object.getOwnPropertySymbols(data.n as object)).toEqual([]);
    const mixed = parse('m: { z: 1, "7": 2 }\n').m as object;
    expect(keysInSourceOrder(mixed)).toEqual(['z', '7']);
    expect(JSON.stringify(mixed)).toBe('{"7":2,"z":1}');
    expect({ ...mixed }).toEqual({ 7: 2, z: 1 });
  });

  it('reads keys as before: numbers and null as text, __proto__ as an ordinary key, aliases and merges', () => {
    const data = parse('200: ok\n~: nothing\n__proto__: { polluted: true }\nbase: &base { "2": two, "1": one }\nderived: { <<: *base, "0": zero }\nsame: *base\n');
    expect(data['200']).toBe('ok');
    expect(data['']).toBe('nothing');
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(data.same).toBe(data.base);
    expect(keysInSourceOrder(data.base as object)).toEqual(['2', '1']);
    expect(keysInSourceOrder(data.derived as object)).toEqual(['2', '1', '0']);
  });

  it('keeps the order in the loaded, frozen API the connectors get (document and zip)', async () => {
    const fromDocument = await loadDocument(MOCK_202_THEN_201);
    const fromZip = await loadZip(projectOf(MOCK_202_THEN_201, 'type: api\ndata: { name: Jobs, version: v1, context: /jobs, endpointImplementationType: MOCKED_OAS }\n'));
    for (const { api } of [fromDocument, fromZip]) {
      const responses = api.resources[0].operations[0].responses!;
      expect(Object.isFrozen(responses)).toBe(true);
      expect(keysInSourceOrder(responses)).toEqual(['202', '201']);
    }
  });
});
