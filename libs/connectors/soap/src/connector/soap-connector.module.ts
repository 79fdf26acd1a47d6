import { Module } from '@nestjs/common';
import { SoapConnectorFactory } from './soap-connector.factory.js';

@Module({ providers: [SoapConnectorFactory], exports: [SoapConnectorFactory] })
export class SoapConnectorModule {}
