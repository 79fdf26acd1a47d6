import { Module } from '@nestjs/common';
import { MockConnectorFactory } from './mock-connector.factory.js';

/** Provides the `mock` connector; the gateway's connector registry discovers it by its decorator. */
@Module({ providers: [MockConnectorFactory], exports: [MockConnectorFactory] })
export class MockConnectorModule {}
