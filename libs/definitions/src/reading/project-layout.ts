/**
 * Which files of an apictl project the gateway reads (spec §3.1). Recognition is by path
 * substring, case-sensitive, in Choreo Connect's order; everything else is ignored.
 */
export type ProjectFileKind =
  | 'deployment-environments'
  | 'definition'
  | 'interceptor-certificate'
  | 'endpoint-certificate-map'
  | 'endpoint-certificate'
  | 'client-certificate-map'
  | 'client-certificate'
  | 'api-yaml'
  | 'policy'
  | 'key-material'
  | 'soap-document';

export function kindOfProjectFile(path: string): ProjectFileKind | undefined {
  if (path.includes('deployment_environments.yaml')) return 'deployment-environments';
  if (path.includes('Definitions/swagger.') || path.includes('Definitions/asyncapi.')) return 'definition';
  if (path.includes('Endpoint-certificates/interceptors/') && isCertificateFile(path)) return 'interceptor-certificate';
  if (path.includes('Endpoint-certificates/') && path.includes('endpoint_certificates.')) return 'endpoint-certificate-map';
  if (path.includes('Endpoint-certificates/') && isCertificateFile(path)) return 'endpoint-certificate';
  if (path.includes('Client-certificates/') && path.includes('client_certificates.')) return 'client-certificate-map';
  if (path.includes('Client-certificates/') && isCertificateFile(path)) return 'client-certificate';
  if (path.includes('Client-certificates/')) return undefined;
  if ((path.includes('api.yaml') || path.includes('api.json')) && !path.includes('Definitions')) return 'api-yaml';
  // Read only to say they are not applied (see not-applied/api-yaml-features.ts).
  if (path.includes('Policies/')) return 'policy';
  // Client certificates and keys x-portico-tls may name, anywhere in the project.
  if (isCertificateFile(path) || path.endsWith('.key')) return 'key-material';
  // WSDL and schema documents x-portico-soap may name (APIM exports keep them under WSDL/).
  if (isSoapDocument(path)) return 'soap-document';
  return undefined;
}

/** A WSDL or XML Schema document. */
export function isSoapDocument(path: string): boolean {
  return path.endsWith('.wsdl') || path.endsWith('.xsd');
}

function isCertificateFile(path: string): boolean {
  return path.endsWith('.crt') || path.endsWith('.pem');
}

/** Entries the readers skip entirely: macOS metadata and hidden files or folders. */
export function isIgnoredEntry(path: string): boolean {
  const segments = path.split('/');
  return segments[0] === '__MACOSX' || segments.some((s) => s.startsWith('.'));
}

/**
 * Removes the single top-level folder apictl puts around a project (`<Project>/api.yaml`), so
 * locations read `api.yaml`, `Definitions/swagger.yaml`. Projects with files at the root stay as
 * they are.
 */
export function projectRootPrefix(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const first = paths[0].split('/')[0];
  const shared = paths.every((p) => p.includes('/') && p.split('/')[0] === first);
  return shared ? `${first}/` : '';
}

export interface ProjectLayout {
  readonly apiYaml?: string;
  readonly definitions: readonly string[];
  readonly deploymentEnvironments?: string;
  readonly endpointCertificates: readonly string[];
  readonly endpointCertificateMap?: string;
  readonly interceptorCertificates: readonly string[];
  readonly clientCertificates: readonly string[];
  readonly clientCertificateMap?: string;
  readonly policies: readonly string[];
}

/** Sorts the files of a project by kind; of several candidates the shallowest wins. */
export function layoutOf(paths: readonly string[]): ProjectLayout {
  const byKind = new Map<ProjectFileKind, string[]>();
  for (const path of [...paths].sort(byDepthThenName)) {
    const kind = kindOfProjectFile(path);
    if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), path]);
  }
  return {
    apiYaml: preferApiYaml(byKind.get('api-yaml') ?? []),
    definitions: byKind.get('definition') ?? [],
    deploymentEnvironments: byKind.get('deployment-environments')?.[0],
    endpointCertificates: byKind.get('endpoint-certificate') ?? [],
    endpointCertificateMap: byKind.get('endpoint-certificate-map')?.[0],
    interceptorCertificates: byKind.get('interceptor-certificate') ?? [],
    clientCertificates: byKind.get('client-certificate') ?? [],
    clientCertificateMap: byKind.get('client-certificate-map')?.[0],
    policies: byKind.get('policy') ?? [],
  };
}

function byDepthThenName(a: string, b: string): number {
  const depth = a.split('/').length - b.split('/').length;
  return depth !== 0 ? depth : a < b ? -1 : a > b ? 1 : 0;
}

function preferApiYaml(candidates: readonly string[]): string | undefined {
  return candidates.find((p) => p === 'api.yaml') ?? candidates.find((p) => p === 'api.json') ?? candidates[0];
}
