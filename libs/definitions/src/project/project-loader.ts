import type { ApiDefinition, ApiType } from '#core';
import type { GatewaySettings } from '#settings';
import { checkApiYaml } from '../api-yaml/api-yaml-endpoints.js';
import { readApiYaml } from '../api-yaml/api-yaml.js';
import { definitionFormatOf } from '../definition/definition-format.js';
import { readDefinition } from '../definition/definition-reader.js';
import { checkPorticoExtensions } from '../definition/portico-extensions.js';
import { childPointer, locationOf } from '../json/json-pointer.js';
import { warnPolicyFiles, warnUnappliedApiYamlFields } from '../not-applied/api-yaml-features.js';
import { warnUnappliedExtensions } from '../not-applied/definition-features.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import { layoutOf } from '../reading/project-layout.js';
import type { StructuredTextReader } from '../reading/structured-text-reader.js';
import { readClientCertificates } from '../trust/client-certificates.js';
import { readEndpointTrust } from '../trust/endpoint-certificates.js';
import { assembleApi } from './api-assembler.js';
import { checkApiIdentity } from './api-identity.js';
import { chooseConnector, urlFamilyOf } from './connector-choice.js';
import { readDeploymentEnvironments, resolveDeploymentTargets } from './deployment-environments.js';

/** Loads an apictl project (spec §3): api.yaml, the definition, certificates, deployment environments. */
export async function loadProject(
  files: ProjectFiles,
  settings: GatewaySettings,
  problems: ProblemCollector,
  reader: StructuredTextReader,
): Promise<ApiDefinition | undefined> {
  const layout = layoutOf([...files.keys()]);
  const text = (path: string): string => (files.get(path) ?? Buffer.alloc(0)).toString('utf8');
  if (!layout.apiYaml) problems.error('project.api-yaml-missing', 'could not find api.yaml or api.json');
  const apiYamlRoot = layout.apiYaml ? await reader.read(text(layout.apiYaml), layout.apiYaml, problems, { slashComments: true }) : undefined;
  const apiYaml = apiYamlRoot && layout.apiYaml ? readApiYaml(apiYamlRoot, layout.apiYaml, problems) : undefined;
  const definitionPath = chooseDefinition(layout.definitions, apiYaml?.type);
  if (!definitionPath) {
    problems.error('project.definition-missing', 'could not find the API definition (Definitions/swagger.yaml or .json, Definitions/asyncapi.yaml or .json)');
  }
  const root = definitionPath ? await reader.read(text(definitionPath), definitionPath, problems) : undefined;
  const certificateMap = layout.endpointCertificateMap;
  const certificateMapRoot = certificateMap === undefined ? undefined : await reader.read(text(certificateMap), certificateMap, problems);
  const trust = readEndpointTrust(files, layout, certificateMapRoot, problems);
  const clientMap = layout.clientCertificateMap;
  const clientMapRoot = clientMap === undefined ? undefined : await reader.read(text(clientMap), clientMap, problems);
  const clientCertificates = readClientCertificates(files, layout, clientMapRoot, problems);
  const environments = layout.deploymentEnvironments;
  const environmentsFile = environments === undefined ? undefined : await readDeploymentEnvironments(environments, text(environments), reader);
  const deploymentTargets = resolveDeploymentTargets(environmentsFile, settings, problems);
  if (!apiYaml || !root || !definitionPath) return undefined;
  checkPorticoExtensions(root, definitionPath, problems);
  warnUnappliedExtensions(root, definitionPath, problems);
  if (apiYamlRoot) warnUnappliedApiYamlFields(apiYaml, apiYamlRoot, problems);
  warnPolicyFiles(layout.policies, problems);

  const type: ApiType = apiYaml.type ?? (definitionFormatOf(root) === 'asyncapi2' ? 'WS' : 'HTTP');
  const connector = chooseConnector(root, definitionPath, type, apiYaml.mocked, problems);
  const mocked = connector.type === 'mock';
  // Choreo Connect wants api.yaml endpoints; a connector chosen by x-portico-connector may call none (checked when compiled).
  checkApiYaml(apiYaml, !mocked && root['x-portico-connector'] === undefined, problems);
  const family = urlFamilyOf(root, type);
  const definition = readDefinition(root, { file: definitionPath, family, settings, problems, prototyped: apiYaml.prototyped && !mocked });
  if (!definition) return undefined;
  // api.yaml's name and version always win over the definition's title and version. Missing
  // ones are reported by checkApiYaml; assembling anyway reports the other problems too.
  const { name = '', version = '' } = apiYaml;
  if (name && version) {
    const at = (field: string): string => locationOf(apiYaml.file, childPointer(apiYaml.dataPointer, field));
    checkApiIdentity(name, version, { nameLocation: at('name'), versionLocation: at('version') }, problems);
  }
  const api = assembleApi({ definition, apiYaml, name, version, type, family, connector, trust, clientCertificates, projectFiles: files, deploymentTargets, settings, problems });
  return name && version ? api : undefined;
}

/** WebSocket APIs are described by AsyncAPI, the others by OpenAPI. */
function chooseDefinition(paths: readonly string[], type: ApiType | undefined): string | undefined {
  const preferred = type === 'WS' ? 'Definitions/asyncapi.' : 'Definitions/swagger.';
  return paths.find((p) => p.includes(preferred)) ?? paths[0];
}
