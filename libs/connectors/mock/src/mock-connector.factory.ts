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
import { readMockOptions } from './mock-options.js';

/** The `mock` backend type: answers from the definition's examples (`MOCKED_OAS`, spec §10.5). */
@GatewayConnector({ type: 'mock' })
@Injectable()
export class MockConnectorFactory extends ConnectorFactory {
  override validate(spec: ClusterSpec): readonly Problem[] {
    const { options, problems } = readMockOptions(spec.options);
    return [...problems, ...compileMock(spec.api, options).problems];
  }

  override create(spec: ClusterSpec): Connector {
    const { options, problems: optionProblems } = readMockOptions(spec.options);
    const { operations, problems } = compileMock(spec.api, options);
    if (optionProblems.length > 0 || problems.length > 0) throw new DeployRejectedError([...optionProblems, ...problems]);
    return new MockConnector(operations, options);
  }

  /**
   * The answers depend on the operations' responses and the whole document (`$ref` targets,
   * schemas), and on the order they are written in ("first" response, example, media type).
   */
  override fingerprint(spec: ClusterSpec): string {
    return createHash('sha256')
      .update(super.fingerprint(spec))
      .update(sourceOrderJson(mockInputsOf(spec.api)))
      .digest('hex');
  }
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
