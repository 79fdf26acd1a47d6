import { type DynamicModule, Module } from '@nestjs/common';
import { FunctionConnectorFactory } from './function-connector.factory.js';
import { FUNCTION_CONNECTOR_OPTIONS, type FunctionConnectorModuleOptions } from './function-connector.options.js';

/**
 * Provides the `function` connector; the gateway's connector registry discovers it by its
 * decorator. `directory` is where the handler modules live: definitions can name only files in it.
 */
@Module({})
export class FunctionConnectorModule {
  static forRoot(options: FunctionConnectorModuleOptions): DynamicModule {
    return {
      module: FunctionConnectorModule,
      providers: [{ provide: FUNCTION_CONNECTOR_OPTIONS, useValue: options }, FunctionConnectorFactory],
      exports: [FunctionConnectorFactory],
    };
  }
}
