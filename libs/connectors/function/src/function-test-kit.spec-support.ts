import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { contractApi } from '#testing';
import {
  type ApiDefinition,
  type Cancellation,
  checkConnectorOptions,
  type ClusterSpec,
  type EndpointSet,
  type EndpointSets,
  type HeaderMap,
  type ResponseHead,
  type ResponseTarget,
  type UpstreamRequest,
} from '#core';
import { FunctionConnectorFactory } from './function-connector.factory.js';
import { FUNCTION_OPTIONS_SCHEMA } from './function-options.js';

/** A temporary directory of handler modules, written as real files. */
export interface HandlerDirectory {
  readonly dir: string;
  /** Writes `source` to `name` inside the directory (sub-directories made as needed); returns its path. */
  write(name: string, source: string): string;
  remove(): void;
}

export function handlerDirectory(): HandlerDirectory {
  const dir = mkdtempSync(join(tmpdir(), 'portico-functions-'));
  return {
    dir,
    write(name, source) {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, source);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function endpointSet(name: string, connector?: EndpointSet['connector']): EndpointSet {
  return { name, urls: [], policy: 'LOAD_BALANCE', location: `api.yaml#/${name}`, ...(connector && { connector }) };
}

/** An API served by the `function` connector (or `type`), as the definitions lib would normalise it. */
export function functionApi(options: Record<string, unknown>, endpoints?: EndpointSets, type = 'function'): ApiDefinition {
  return contractApi(type, {
    id: 'function-test-api',
    name: 'Orders',
    basePath: '/orders',
    connector: { type, options, location: 'swagger.yaml#/x-portico-connector' },
    endpoints: endpoints ?? { PRODUCTION: endpointSet('PRODUCTION'), SANDBOX: endpointSet('SANDBOX') },
  });
}

/** The spec the gateway builds for a set: options checked against the schema, defaults filled in. */
export function clusterSpec(api: ApiDefinition, set: EndpointSet = endpointSet('PRODUCTION')): ClusterSpec {
  const own = set.connector?.options ?? {};
  const { options, problems } = checkConnectorOptions(FUNCTION_OPTIONS_SCHEMA, { ...api.connector.options, ...own });
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
  return { api, endpointSet: set, options };
}

/** A factory over `dir`, with an API prepared for `options`: its problems and (when none) the connector. */
export async function preparedFunction(dir: string, options: Record<string, unknown>) {
  const factory = new FunctionConnectorFactory({ directory: dir });
  const api = functionApi(options);
  const problems = await factory.prepare(api);
  const connector = problems.length === 0 ? factory.create(clusterSpec(api)) : undefined;
  return { factory, api, problems, connector };
}

/** The data plane's cancellation, stood in for: `cancel` is what a client leaving does. */
export function manualCancellation(): Cancellation & { cancel(reason?: Error): void } {
  let registered: ((reason: Error) => void) | undefined;
  let requested = false;
  return {
    get requested() {
      return requested;
    },
    onCancel(cancel) {
      registered = cancel;
      if (requested) cancel(new Error('client gone'));
    },
    cancel(reason = new Error('client gone')) {
      requested = true;
      registered?.(reason);
    },
  };
}

export function upstreamRequest(overrides: Partial<UpstreamRequest> = {}): UpstreamRequest {
  return {
    endpoint: -1,
    method: 'GET',
    path: '/',
    headers: { host: 'localhost' },
    body: null,
    cancellation: manualCancellation(),
    timeoutMs: 5000,
    operation: undefined,
    principal: undefined,
    ...overrides,
  };
}

/** A ResponseTarget over a real Writable: records the head, the chunks as they come, and how the body ended. */
export class RecordingTarget implements ResponseTarget {
  head: ResponseHead | undefined;
  readonly chunks: string[] = [];
  /** Resolves when the body ended ('finished') or was cut ('destroyed'). */
  readonly done: Promise<'finished' | 'destroyed'>;
  private readonly sink: Writable;

  constructor(private readonly decline = false) {
    this.sink = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        this.chunks.push(chunk.toString('utf8'));
        callback();
      },
    });
    this.done = new Promise((resolve) => {
      this.sink.on('finish', () => resolve('finished'));
      this.sink.on('close', () => resolve('destroyed'));
      this.sink.on('error', () => undefined);
    });
  }

  accept(head: ResponseHead): Writable | null {
    if (this.head !== undefined) throw new Error('accept() called twice');
    this.head = head;
    return this.decline ? null : this.sink;
  }

  get headers(): HeaderMap {
    return this.head?.headers ?? {};
  }

  get body(): string {
    return this.chunks.join('');
  }

  json(): unknown {
    return JSON.parse(this.body) as unknown;
  }

  /** Cuts the client's side, as a client leaving mid-body does. */
  destroy(): void {
    this.sink.destroy(new Error('client gone'));
  }
}
