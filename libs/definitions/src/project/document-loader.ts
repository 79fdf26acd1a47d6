import type { ApiDefinition, ApiType } from '#core';
import type { GatewaySettings } from '#settings';
import { definitionFormatOf } from '../definition/definition-format.js';
import { readDefinition } from '../definition/definition-reader.js';
import { checkPorticoExtensions } from '../definition/portico-extensions.js';
import { jsonPointer, locationOf } from '../json/json-pointer.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import { warnUnappliedExtensions } from '../not-applied/definition-features.js';
import type { StructuredTextReader } from '../reading/structured-text-reader.js';
import { assembleApi } from './api-assembler.js';
import { checkApiIdentity } from './api-identity.js';
import { chooseConnector, urlFamilyOf } from './connector-choice.js';
import { resolveDeploymentTargets } from './deployment-environments.js';

/**
 * Loads a single definition deployed without api.yaml. The API is named as `apictl init` names
 * it: `info.title` without spaces, version `info.version`; everything else comes from the
 * document.
 */
export async function loadDocument(
  text: string,
  name: string | undefined,
  settings: GatewaySettings,
  problems: ProblemCollector,
  reader: StructuredTextReader,
): Promise<ApiDefinition | undefined> {
  const file = name ?? 'definition';
  const root = await reader.read(text, file, problems);
  if (!root) return undefined;
  checkPorticoExtensions(root, file, problems);
  warnUnappliedExtensions(root, file, problems);
  const type: ApiType = definitionFormatOf(root) === 'asyncapi2' ? 'WS' : 'HTTP';
  const family = urlFamilyOf(root, type);
  const connector = chooseConnector(root, file, type, false, problems);
  const definition = readDefinition(root, { file, family, settings, problems, prototyped: false });
  if (!definition) return undefined;
  const apiName = definition.title?.replace(/ /g, '');
  if (!apiName) problems.error('api.name-missing', 'info.title is required: it names an API deployed without api.yaml', locationOf(file, jsonPointer('info', 'title')));
  if (!definition.version) problems.error('api.version-missing', 'info.version is required: it is the version of an API deployed without api.yaml', locationOf(file, jsonPointer('info', 'version')));
  if (apiName && definition.version) {
    checkApiIdentity(apiName, definition.version, {
      nameLocation: locationOf(file, jsonPointer('info', 'title')),
      versionLocation: locationOf(file, jsonPointer('info', 'version')),
      ...(apiName !== definition.title && { nameOrigin: 'info.title without its spaces' }),
    }, problems);
  }
  // Assembled even without a name, so the other problems of the document are reported too.
  const api = assembleApi({
    definition,
    name: apiName ?? '',
    version: definition.version ?? '',
    type,
    family,
    connector,
    trust: (url) => url,
    clientCertificates: [],
    deploymentTargets: resolveDeploymentTargets(undefined, settings, problems),
    settings,
    problems,
  });
  return apiName && definition.version ? api : undefined;
}
