import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type ApiDefinition,
  type ClusterSpec,
  type Connector,
  ConnectorFactory,
  DeployRejectedError,
  GatewayConnector,
  type Problem,
  stableStringify,
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

  /** The answers depend on the operations' responses and the whole document (`$ref` targets, schemas). */
  override fingerprint(spec: ClusterSpec): string {
    return createHash('sha256')
      .update(super.fingerprint(spec))
      .update(stableStringify(mockInputsOf(spec.api)))
      .digest('hex');
  }
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
