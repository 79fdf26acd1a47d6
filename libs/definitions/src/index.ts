export { ApiDefinitionLoader } from './api-definition-loader.js';
export { DefinitionsModule } from './definitions.module.js';
export { loadApiDefinition } from './load-api-definition.js';
export { apiHash } from './merge/env-overrides.js';
