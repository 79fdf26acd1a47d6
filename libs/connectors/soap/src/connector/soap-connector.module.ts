import { Module } from '@nestjs/common';
import { WSDL_OPENAPI_GENERATOR } from '#core';
import { SoapConnectorFactory } from './soap-connector.factory.js';
import { SoapWsdlOpenApiGenerator } from './soap-wsdl-openapi-generator.js';

@Module({
  providers: [SoapConnectorFactory, SoapWsdlOpenApiGenerator, { provide: WSDL_OPENAPI_GENERATOR, useExisting: SoapWsdlOpenApiGenerator }],
  exports: [SoapConnectorFactory, WSDL_OPENAPI_GENERATOR],
})
export class SoapConnectorModule {}
