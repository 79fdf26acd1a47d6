import { Module } from '@nestjs/common';
import { RestConnectorFactory } from './rest-connector.factory.js';

@Module({ providers: [RestConnectorFactory], exports: [RestConnectorFactory] })
export class RestConnectorModule {}
