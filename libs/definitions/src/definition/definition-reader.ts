import type { JsonObject } from '../json/json-value.js';
import { locationOf } from '../json/json-pointer.js';
import { readAsyncApi } from './asyncapi.js';
import { definitionFormatOf, UNSUPPORTED_VERSION_MESSAGE } from './definition-format.js';
import { readOpenApiV2 } from './openapi-v2.js';
import { readOpenApiV3 } from './openapi-v3.js';
import type { DefinitionContext, ParsedDefinition } from './parsed-definition.js';

/** Reads an OpenAPI 2/3 or AsyncAPI 2 document; other documents are refused (spec §3.3). */
export function readDefinition(root: JsonObject, ctx: DefinitionContext): ParsedDefinition | undefined {
  switch (definitionFormatOf(root)) {
    case 'openapi2':
      return readOpenApiV2(root, ctx);
    case 'openapi3':
      return readOpenApiV3(root, ctx);
    case 'asyncapi2':
      return readAsyncApi(root, ctx);
    default:
      ctx.problems.error('definition.version-unsupported', UNSUPPORTED_VERSION_MESSAGE, locationOf(ctx.file, ''));
      return undefined;
  }
}
