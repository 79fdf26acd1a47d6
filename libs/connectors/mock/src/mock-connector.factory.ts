import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type ApiDefinition,
  type ClusterSpec,
  type Connector,
  ConnectorFactory,
  DeployRejectedError,
  entriesInSourceOrder,
  GatewayConnector,
  type Problem,
} from '#core';
import { compileMock } from './mock-compiler.js';
import { MockConnector } from './mock-connector.js';
import { MOCK_OPTIONS_SCHEMA, readMockOptions } from './mock-options.js';

/** The `mock` backend type: answers from the definition's examples (`MOCKED_OAS`, spec §10.5). */
@GatewayConnector({
  type: 'mock',
  description: "Answers from the definition's examples (MOCKED_OAS, x-portico-mock), without a backend",
  options: MOCK_OPTIONS_SCHEMA,
  capabilities: { endpoints: 'none' },
})
@Injectable()
export class MockConnectorFactory extends ConnectorFactory {
  /** A mock answers every key type (spec §7.1): its sets have no endpoints to choose between. */
  override get answersEveryKeyType(): boolean {
    return true;
  }

  override validate(spec: ClusterSpec): readonly Problem[] {
    const { problems } = compiledMockOf(spec);
    return problems;
  }

  override create(spec: ClusterSpec): Connector {
    const { operations, options, problems } = compiledMockOf(spec);
    if (problems.length > 0) throw new DeployRejectedError(problems);
    return new MockConnector(operations, options);
  }

  /**
   * The answers depend on the operations' responses and the whole document (`$ref` targets,
   * schemas), and on the order they are written in ("first" response, example, media type).
   */
  override fingerprint(spec: ClusterSpec): string {
    return createHash('sha256').update(super.fingerprint(spec)).update(mockInputsDigest(spec.api)).digest('hex');
  }
}

type CompiledMock = ReturnType<typeof compileMock> & { readonly options: ReturnType<typeof readMockOptions>['options'] };

/**
 * Per API, not per call: a deploy validates, fingerprints and creates each cluster, a mock API
 * has a cluster per key type, and its document can be megabytes. The API is immutable, and so
 * is spec.options (the API's connector options), so what they compile to is too.
 */
const compiledMocks = new WeakMap<ApiDefinition, CompiledMock>();
const inputDigests = new WeakMap<ApiDefinition, string>();

function compiledMockOf(spec: ClusterSpec): CompiledMock {
  let compiled = compiledMocks.get(spec.api);
  if (compiled === undefined) {
    const { options, problems: optionProblems } = readMockOptions(spec.options);
    const { operations, problems } = compileMock(spec.api, options);
    compiled = { operations, options, problems: [...optionProblems, ...problems] };
    compiledMocks.set(spec.api, compiled);
  }
  return compiled;
}

function mockInputsDigest(api: ApiDefinition): string {
  let digest = inputDigests.get(api);
  if (digest === undefined) {
    digest = createHash('sha256').update(sourceOrderJson(mockInputsOf(api))).digest('hex');
    inputDigests.set(api, digest);
  }
  return digest;
}

/** JSON text with object keys in source order, unlike stableStringify, which sorts them. */
function sourceOrderJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(sourceOrderJson).join(',')}]`;
  const members = entriesInSourceOrder(value as Record<string, unknown>).map(([key, item]) => `${JSON.stringify(key)}:${sourceOrderJson(item)}`);
  return `{${members.join(',')}}`;
}

function mockInputsOf(api: ApiDefinition): unknown {
  return {
    format: api.definition.format,
    document: api.definition.document,
    operations: api.resources.flatMap((resource) =>
      resource.operations.map((op) => [op.location, op.responses ?? null, op.produces ?? null]),
    ),
  };
}
