import type { ApiYamlInfo } from '../api-yaml/api-yaml.js';
import type { ParsedDefinition } from '../definition/parsed-definition.js';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

interface BasePathSource {
  readonly value: string;
  readonly location: string;
}

const VALID_BASE_PATH = /^[/][a-zA-Z0-9~/_.-]*$/;

/**
 * The exposed context (spec §3.4): `x-wso2-basePath` as written (no version appended), else the
 * definition's `basePath` or server URL path, else api.yaml `context/version`. Validated as in
 * spec §3.5 and returned without a trailing slash (the root context is '').
 */
export function resolveBasePath(definition: ParsedDefinition, apiYaml: ApiYamlInfo | undefined, problems: ProblemCollector): string | undefined {
  const source = chooseSource(definition, apiYaml);
  if (!source || source.value === '') {
    problems.error(
      'basepath.empty',
      "empty Basepath is provided. Provide a non empty context either using the x-wso2-basePath extension, or else 'basePath' (if OpenAPI v2) or a 'servers' entry (if OpenAPI v3)",
      source?.location ?? locationOf(definition.file, ''),
    );
    return undefined;
  }
  if (!VALID_BASE_PATH.test(source.value)) {
    problems.error('basepath.invalid', `invalid basepath. Does not start with / or includes invalid characters: ${source.value}`, source.location);
    return undefined;
  }
  return source.value.replace(/\/+$/, '');
}

function chooseSource(definition: ParsedDefinition, apiYaml: ApiYamlInfo | undefined): BasePathSource | undefined {
  const extension = definition.document['x-wso2-basePath'];
  if (typeof extension === 'string' && extension !== '') {
    return { value: extension, location: locationOf(definition.file, jsonPointer('x-wso2-basePath')) };
  }
  if (definition.basePath) return definition.basePath;
  if (apiYaml?.context !== undefined) {
    return { value: `${apiYaml.context}/${apiYaml.version ?? ''}`, location: locationOf(apiYaml.file, `${apiYaml.dataPointer}${jsonPointer('context')}`) };
  }
  return undefined;
}
