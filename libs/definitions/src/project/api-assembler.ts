import type { ApiDefinition, ApiType, ClientCertificate, ConnectorChoice, DeploymentTarget, EndpointSets, Resource } from '#core';
import type { GatewaySettings } from '#settings';
import { DEFAULT_ORGANIZATION, type ApiYamlInfo } from '../api-yaml/api-yaml.js';
import { corsExtensionOf } from '../definition/cors-extension.js';
import type { ParsedDefinition } from '../definition/parsed-definition.js';
import { readBackendJwtExtension } from '../definition/backend-jwt-extension.js';
import { readSoapErrorsExtension } from '../definition/soap-errors-extension.js';
import { checkSoapMappings } from '../definition/soap-mapping-check.js';
import { readSoapService } from '../definition/soap-extension.js';
import { readServedWsdl } from '../definition/wsdl-extension.js';
import { apiDisablesSecurity, authHeaderOf, http2BackendOf } from '../definition/security-normalizer.js';
import type { UrlFamily } from '../endpoints/endpoint-url.js';
import { backendSecurity } from '../merge/backend-security.js';
import { resolveBasePath } from '../merge/base-path.js';
import { mergeEndpoints } from '../merge/endpoint-merger.js';
import { endpointlessSets, finalizeEndpointSets } from '../merge/endpoint-sets.js';
import { CONNECTOR_EXTENSION } from '../endpoints/endpoint-connector-extension.js';
import { validateEndpoints } from '../merge/endpoint-validator.js';
import { apiHash, applyEnvOverrides } from '../merge/env-overrides.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import type { EndpointTrust } from '../trust/endpoint-certificates.js';
import { checkClientCertificates, mutualSslModeOf } from '../trust/mutual-ssl-mode.js';

export interface AssemblyInput {
  readonly definition: ParsedDefinition;
  readonly apiYaml?: ApiYamlInfo;
  readonly name: string;
  readonly version: string;
  readonly type: ApiType;
  readonly family: UrlFamily;
  readonly connector: ConnectorChoice;
  readonly trust: EndpointTrust;
  /** Client-certificates/ of the project (none for a definition deployed alone). */
  readonly clientCertificates: readonly ClientCertificate[];
  /** The project's files, for the client certificates x-portico-tls names (none for a definition deployed alone). */
  readonly projectFiles?: ProjectFiles;
  readonly deploymentTargets: readonly DeploymentTarget[];
  readonly settings: GatewaySettings;
  readonly problems: ProblemCollector;
}

/**
 * Builds the normalized API from what was read (spec §3.4): endpoints merged in Choreo Connect's
 * order, backend security and environment overrides applied, then validated. Returns undefined
 * when a problem makes the API unusable.
 */
export function assembleApi(input: AssemblyInput): ApiDefinition | undefined {
  const { definition, apiYaml, name, version, connector, problems } = input;
  const basePath = resolveBasePath(definition, apiYaml, problems);
  const cors = corsExtensionOf(definition.document, definition.file, problems);
  const backendJwt = readBackendJwtExtension(definition.document, definition.file, problems);
  const soapErrors = readSoapErrorsExtension(definition.document, definition.file, problems);
  const soap = readSoapService(definition.document, definition.file, input.projectFiles, problems);
  checkSoapMappings(definition, soap, problems);
  const wsdl = readServedWsdl(definition.document, definition.file, input.type, input.projectFiles, problems);
  const endpoints = connector.type === 'mock' ? { api: endpointlessSets('/'), resources: [] } : mergedEndpointSets(input);
  const apiYamlSecuritySchemes = apiYaml?.securitySchemes ?? [];
  const mutualSsl = mutualSslModeOf(apiYamlSecuritySchemes, definition.document, definition.file, problems);
  checkClientCertificates(mutualSsl, input.clientCertificates, apiYaml?.file ?? definition.file, problems);
  if (basePath === undefined || !endpoints || problems.hasErrors) return undefined;
  const root = definition.document;
  const resources: Resource[] = definition.resources.map((resource, i) => ({
    path: resource.path,
    operations: resource.operations,
    endpoints: endpoints.resources[i] ?? {},
    ...(resource.uriMapping !== undefined && { uriMapping: resource.uriMapping }),
    location: resource.pointer,
  }));
  return {
    id: apiYaml?.id ?? apiHash(name, version),
    name,
    version,
    type: input.type,
    basePath,
    isDefaultVersion: apiYaml?.isDefaultVersion ?? false,
    organization: apiYaml?.organization ?? DEFAULT_ORGANIZATION,
    lifecycle: apiYaml?.lifecycle ?? 'PUBLISHED',
    prototyped: apiYaml?.prototyped ?? false,
    connector,
    endpoints: endpoints.api,
    resources,
    disableSecurity: apiDisablesSecurity(root),
    authHeader: authHeaderOf(root, apiYaml?.authorizationHeader),
    securitySchemes: definition.securitySchemes,
    apiYamlSecuritySchemes,
    mutualSsl,
    applicationSecurityMandatory: apiYamlSecuritySchemes.includes('oauth_basic_auth_api_key_mandatory'),
    clientCertificates: mutualSsl === 'none' ? [] : input.clientCertificates,
    http2Backend: http2BackendOf(root),
    ...(backendJwt !== undefined && { backendJwt }),
    ...(cors !== undefined && { cors }),
    ...(soapErrors !== undefined && { soapErrors }),
    ...(soap !== undefined && { soap }),
    ...(wsdl !== undefined && { wsdl }),
    deploymentTargets: input.deploymentTargets,
    definition: { format: definition.format, document: root },
  };
}

function mergedEndpointSets(input: AssemblyInput): { api: EndpointSets; resources: EndpointSets[] } | undefined {
  const { definition, apiYaml, settings, problems } = input;
  const ctx = { file: definition.file, family: input.family, settings, problems, projectFiles: input.projectFiles };
  const errorsBefore = problems.errors.length;
  const merged = mergeEndpoints(definition, apiYaml, ctx);
  const security = backendSecurity(merged.api, apiYaml, problems);
  const overridden = applyEnvOverrides(merged.api, security, input.name, input.version, input.family, settings, problems);
  // Sets that failed to read are already reported; "no endpoints" on top of that would be noise.
  const readable = problems.errors.length === errorsBefore;
  // A connector chosen by x-portico-connector may call no URLs; its declared capabilities decide when the API is compiled.
  const chosenByExtension = definition.document[CONNECTOR_EXTENSION] !== undefined;
  validateEndpoints(overridden.api, merged.resources, merged.registry, { definitionFile: definition.file, requireEndpoints: readable && !chosenByExtension }, problems);
  if (problems.hasErrors) return undefined;
  const sets = finalizeEndpointSets(overridden.api, merged.resources, overridden.security, input.trust);
  const none = [sets.api, ...sets.resources].every((byKey) => byKey.PRODUCTION === undefined && byKey.SANDBOX === undefined);
  return chosenByExtension && none ? { ...sets, api: endpointlessSets(input.connector.location ?? definition.file) } : sets;
}
