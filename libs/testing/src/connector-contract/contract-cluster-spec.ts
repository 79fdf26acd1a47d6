import type { ApiDefinition, ClusterSpec, EndpointScheme, EndpointSet } from '#core';

/** An API as the definitions lib would normalise a plain one; `overrides` adjust it (e.g. `{ type: 'SOAP' }`). */
export function contractApi(connectorType: string, overrides: Partial<ApiDefinition> = {}): ApiDefinition {
  return {
    id: 'contract-api',
    name: 'ContractApi',
    version: '1.0.0',
    type: 'HTTP',
    basePath: '/contract-api',
    isDefaultVersion: false,
    organization: 'carbon.super',
    lifecycle: 'PUBLISHED',
    prototyped: false,
    connector: { type: connectorType, options: {} },
    endpoints: {},
    resources: [],
    disableSecurity: true,
    securitySchemes: {},
    apiYamlSecuritySchemes: [],
    mutualSsl: 'none',
    applicationSecurityMandatory: false,
    clientCertificates: [],
    http2Backend: false,
    deploymentTargets: [],
    definition: { format: 'openapi3', document: {} },
    ...overrides,
  };
}

/** A production endpoint set of these URLs (`http://127.0.0.1:8080/base`), parsed as the definitions lib parses them. */
export function contractEndpointSet(urls: readonly string[]): EndpointSet {
  return {
    name: 'PRODUCTION',
    urls: urls.map((raw) => {
      const url = new URL(raw);
      const scheme = url.protocol.slice(0, -1) as EndpointScheme;
      const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      const port = url.port === '' ? (scheme === 'https' || scheme === 'wss' ? 443 : 80) : Number(url.port);
      return { rawUrl: raw, scheme, host, port, basePath: url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '') };
    }),
    policy: 'LOAD_BALANCE',
    location: 'definition#/x-wso2-production-endpoints',
  };
}

/** A cluster of one endpoint URL for a connector type, its API adjusted by `api` and with these options. */
export function contractClusterSpec(
  connectorType: string,
  url: string,
  { api = {}, options = {} }: { readonly api?: Partial<ApiDefinition>; readonly options?: Readonly<Record<string, unknown>> } = {},
): ClusterSpec {
  return { api: contractApi(connectorType, { connector: { type: connectorType, options }, ...api }), endpointSet: contractEndpointSet([url]), options };
}
