export { FunctionConnectorModule } from './function-connector.module.js';
export { FunctionConnectorFactory } from './function-connector.factory.js';
export { FUNCTION_CONNECTOR_OPTIONS, type FunctionConnectorModuleOptions } from './function-connector.options.js';
export { FUNCTION_ERRORS, FUNCTION_PROBLEMS } from './function-errors.js';
export { FUNCTION_OPTIONS_SCHEMA, type FunctionOptions } from './function-options.js';
export type { FunctionContext, FunctionHandler, FunctionPrincipal, FunctionRequest, FunctionResponse, FunctionResponseBody } from './function-handler.js';
