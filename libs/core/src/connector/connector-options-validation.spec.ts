import type { ObjectOptionSchema } from './connector-options-schema.js';
import { checkConnectorOptions } from './connector-options-validation.js';

const QUEUE: ObjectOptionSchema = {
  type: 'object',
  required: ['queue'],
  properties: {
    queue: { type: 'string', pattern: '[a-z][a-z0-9-]*', maxLength: 20 },
    mode: { type: 'string', enum: ['fifo', 'standard'], default: 'standard' },
    batch: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
    ratio: { type: 'number', minimum: 0, maximum: 1 },
    durable: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 2 },
    retry: { type: 'object', properties: { attempts: { type: 'integer', minimum: 0 } } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    extra: { type: 'object', additionalProperties: true },
  },
};

describe('connector options against their declared schema', () => {
  it('fills in defaults and keeps valid values, without changing the input', () => {
    const input = { queue: 'orders', durable: true, tags: ['a'], retry: { attempts: 0 }, labels: { team: 'x' }, extra: { anything: [1] } };
    const { options, problems } = checkConnectorOptions(QUEUE, input);
    expect(problems).toEqual([]);
    expect(options).toEqual({ ...input, mode: 'standard', batch: 10 });
    expect(input).not.toHaveProperty('mode');
  });

  it('reports every problem at once, each with its JSON pointer', () => {
    const { problems } = checkConnectorOptions(QUEUE, {
      queue: 'Orders!',
      mode: 'lifo',
      batch: 1.5,
      ratio: 2,
      durable: 'yes',
      tags: ['', 'b', 'c'],
      retry: { attempts: -1, backoff: 3 },
      labels: { team: 7 },
      'a/b~c': 1,
    });
    expect(problems).toEqual([
      { pointer: '/queue', message: 'queue must match [a-z][a-z0-9-]*' },
      { pointer: '/mode', message: "mode must be one of 'fifo', 'standard', not 'lifo'" },
      { pointer: '/batch', message: 'batch must be an integer, not 1.5' },
      { pointer: '/ratio', message: 'ratio must be at most 1, not 2' },
      { pointer: '/durable', message: "durable must be true or false, not 'yes'" },
      { pointer: '/tags', message: 'tags must have at most 2 entries' },
      { pointer: '/retry/attempts', message: 'retry/attempts must be at least 0, not -1' },
      { pointer: '/retry/backoff', message: 'retry/backoff is not an option of this connector; its options: attempts' },
      { pointer: '/labels/team', message: 'labels/team must be a string, not 7' },
      { pointer: '/a~1b~0c', message: 'a~1b~0c is not an option of this connector; its options: queue, mode, batch, ratio, durable, tags, retry, labels, extra' },
    ]);
  });

  it('reports missing required options and wrong kinds of values', () => {
    expect(checkConnectorOptions(QUEUE, { tags: 'a', retry: [] }).problems).toEqual([
      { pointer: '/tags', message: "tags must be a list, not 'a'" },
      { pointer: '/retry', message: 'retry must be an object, not a list' },
      { pointer: '', message: 'options must have queue' },
    ]);
  });

  it('refuses every option of a connector that declares none', () => {
    expect(checkConnectorOptions({ type: 'object' }, { greeting: 'hi' }).problems).toEqual([
      { pointer: '/greeting', message: 'greeting is not an option of this connector; it takes none' },
    ]);
  });
});
