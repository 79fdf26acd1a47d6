import { DASHBOARD_PATHS, PAGING_PARAMETERS, SESSION_COOKIE_SCHEME } from './admin-openapi-dashboard.js';
import { ADMIN_SCHEMAS, ref } from './admin-openapi-schemas.js';

/**
 * OpenAPI 3.0 description of the admin API: Choreo Connect's adapter API (spec §4) and
 * Portico's own `/portico/v1`. Served by OpenApiController as YAML and JSON.
 */

const json = (schema: object, description: string): object => ({ description, content: { 'application/json': { schema } } });
const error = (description: string): object => json(ref('Error'), description);
const query = (name: string, schema: object, description: string, required = false): object => ({ name, in: 'query', required, description, schema });
const pathParam = (name: string): object => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const AUTHENTICATED = [{ basicAuth: [] }, { bearerToken: [] }, { sessionCookie: [] }];
const VHOST = { type: 'string', maxLength: 255, example: 'localhost' };
const DOCUMENT_BODY = {
  required: true,
  description: 'One OpenAPI 2/3 document (YAML or JSON) or an apictl project zip.',
  content: {
    'application/yaml': { schema: { type: 'string' } },
    'application/x-yaml': { schema: { type: 'string' } },
    'text/yaml': { schema: { type: 'string' } },
    'application/json': { schema: { type: 'object' } },
    'application/zip': { schema: { type: 'string', format: 'binary' } },
    'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
  },
};
const DEPLOY_ERRORS = {
  400: error('The upload cannot be read (empty body, corrupt zip, document syntax).'),
  401: error('Missing or invalid credentials.'),
  409: error('The API already exists (without override) or another API uses the base path on a target vhost.'),
  413: error('The body is larger than admin.maxUploadBytes.'),
  415: error('Unsupported content type.'),
  422: error('The project or definition is invalid; every problem is listed.'),
  503: error(
    'admin.limits.maxConcurrentUploads uploads are being read already (try again after Retry-After seconds), or the deployment store cannot take a change now (admin.store-unavailable: Redis unreachable).',
  ),
};
const NAME_VERSION = [pathParam('name'), pathParam('version')];
const ADAPTER = '/api/mgw/adapter/0.1';

export const ADMIN_OPENAPI = {
  openapi: '3.0.3',
  info: {
    title: 'Portico admin API',
    version: '1.0.0',
    description:
      'Deploys, lists and removes APIs. The Choreo Connect adapter API (for apictl) lives under ' +
      `${ADAPTER}; Portico's own API under /portico/v1. Every error has the body of the Error schema. ` +
      'Any route answers 421 to a Host that is no admin host name and 403 to a cross-origin browser request.',
  },
  tags: [
    { name: 'adapter', description: 'Choreo Connect adapter API' },
    { name: 'portico', description: "Portico's own API" },
    { name: 'dashboard', description: 'The web dashboard' },
  ],
  paths: {
    [`${ADAPTER}/oauth2/token`]: {
      post: {
        tags: ['adapter'],
        summary: 'Get an admin access token',
        security: [],
        requestBody: { required: true, content: { 'application/json': { schema: ref('Credentials') } } },
        responses: {
          200: json({ type: 'object', properties: { accessToken: { type: 'string' } }, required: ['accessToken'] }, 'An RS256 JWT with scope admin.'),
          400: error('The body is not a JSON object (or is nested too deeply).'),
          401: error('Bad credentials.'),
          413: error('The body is larger than 4096 bytes.'),
          415: error('The body is not application/json.'),
          422: error('The username or password breaks the length or pattern rules.'),
        },
      },
    },
    [`${ADAPTER}/apis`]: {
      post: {
        tags: ['adapter'],
        summary: 'Deploy or update an API project (zip)',
        security: AUTHENTICATED,
        parameters: [query('override', { type: 'boolean', default: false }, 'Replace the API where it already exists.')],
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
            },
          },
        },
        responses: { 200: { description: 'Deployed or updated (empty body).' }, ...DEPLOY_ERRORS },
      },
      delete: {
        tags: ['adapter'],
        summary: 'Undeploy an API',
        security: AUTHENTICATED,
        parameters: [
          query('apiName', { type: 'string', minLength: 3, maxLength: 255, pattern: '^[a-zA-Z0-9_~.-]*$' }, 'API name.', true),
          query('version', { type: 'string', minLength: 1, maxLength: 15, pattern: '^[a-zA-Z0-9_.-]*$' }, 'API version.', true),
          query('vhost', VHOST, 'Only from this vhost (default: all).'),
          query('environments', { type: 'string', maxLength: 255 }, 'Only from these environments, separated by ":".'),
        ],
        responses: {
          200: { description: 'Undeployed (empty body).' },
          401: error('Missing or invalid credentials.'),
          404: error('The API is not deployed (where asked).'),
          422: error('A parameter breaks its length or pattern rules.'),
          503: error('The deployment store cannot take a change now (admin.store-unavailable).'),
        },
      },
      get: {
        tags: ['adapter'],
        summary: 'List deployed APIs (one item per vhost)',
        security: AUTHENTICATED,
        parameters: [
          query('query', { type: 'string', maxLength: 9, enum: ['type:http', 'type:ws', 'type:soap', 'type:graphql'] }, 'Filter by API type.'),
          query('limit', { type: 'integer', minimum: 1, maximum: 100000000 }, 'Largest number of items returned.'),
        ],
        responses: { 200: json(ref('AdapterApiList'), 'The deployed APIs.'), 401: error('Missing or invalid credentials.'), 422: error('Invalid parameter.') },
      },
    },
    '/portico/v1/apis': {
      post: {
        tags: ['portico'],
        summary: 'Deploy an API from a document or a project zip',
        security: AUTHENTICATED,
        parameters: [
          query('override', { type: 'boolean', default: false }, 'Replace the API where it already exists.'),
          query('environment', { type: 'string' }, 'Deploy to this environment only.'),
          query('vhost', VHOST, 'Deploy on this vhost instead of the project’s.'),
        ],
        requestBody: DOCUMENT_BODY,
        responses: { 201: json(ref('DeploySummary'), 'Created.'), 200: json(ref('DeploySummary'), 'Replaced (override).'), ...DEPLOY_ERRORS },
      },
      get: {
        tags: ['portico'],
        summary: 'List deployed APIs',
        security: AUTHENTICATED,
        parameters: [
          query('query', { type: 'string' }, 'Substring of the name or base path.'),
          query('type', { type: 'string', enum: ['HTTP', 'WS', 'SOAP', 'GRAPHQL'] }, 'API type.'),
          ...PAGING_PARAMETERS,
        ],
        responses: {
          200: json(
            { type: 'object', properties: { total: { type: 'integer', description: 'APIs matching query and type.' }, list: { type: 'array', items: ref('ApiListItem') } } },
            'The page of the matching APIs.',
          ),
          401: error('Missing or invalid credentials.'),
          422: error('offset or limit out of range.'),
        },
      },
    },
    '/portico/v1/apis/{name}/{version}': {
      put: {
        tags: ['portico'],
        summary: 'Create or replace an API (the artifact must define this name and version)',
        security: AUTHENTICATED,
        parameters: [...NAME_VERSION, query('environment', { type: 'string' }, 'Deploy to this environment only.'), query('vhost', VHOST, 'Vhost.')],
        requestBody: DOCUMENT_BODY,
        responses: { 201: json(ref('DeploySummary'), 'Created.'), 200: json(ref('DeploySummary'), 'Replaced.'), ...DEPLOY_ERRORS },
      },
      get: {
        tags: ['portico'],
        summary: 'Details of a deployed API',
        security: AUTHENTICATED,
        parameters: NAME_VERSION,
        responses: { 200: json(ref('ApiDetail'), 'The API.'), 401: error('Missing or invalid credentials.'), 404: error('Not deployed.') },
      },
      delete: {
        tags: ['portico'],
        summary: 'Undeploy an API',
        security: AUTHENTICATED,
        parameters: [...NAME_VERSION, query('vhost', VHOST, 'Only from this vhost.'), query('environments', { type: 'string' }, 'Only from these environments (separated by "," or ":").')],
        responses: {
          204: { description: 'Undeployed.' },
          401: error('Missing or invalid credentials.'),
          404: error('Not deployed.'),
          503: error('The deployment store cannot take a change now (admin.store-unavailable).'),
        },
      },
    },
    '/portico/v1/apis/{name}/{version}/definition': {
      get: {
        tags: ['portico'],
        summary: 'The definition the API was deployed from, as written',
        security: AUTHENTICATED,
        parameters: NAME_VERSION,
        responses: {
          200: { description: 'The document.', content: { 'application/yaml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } },
          401: error('Missing or invalid credentials.'),
          404: error('Not deployed, or the definition cannot be read.'),
        },
      },
    },
    '/portico/v1/clusters': {
      get: {
        tags: ['portico'],
        summary: 'Live clusters and the health of their members',
        security: AUTHENTICATED,
        parameters: [query('apiName', { type: 'string', maxLength: 255 }, 'Only the clusters of this API.'), query('apiVersion', { type: 'string', maxLength: 255 }, 'Only the clusters of this API version.')],
        responses: {
          200: json({ type: 'object', properties: { total: { type: 'integer' }, list: { type: 'array', items: ref('ClusterStatus') } } }, 'Clusters.'),
          401: error('Missing or invalid credentials.'),
          422: error('A parameter breaks its length rules.'),
        },
      },
    },
    '/portico/v1/session': {
      get: {
        tags: ['portico'],
        summary: "Who the request's credentials belong to (user name, and basic or token: the dashboard's session is a token)",
        security: AUTHENTICATED,
        responses: {
          200: json({ type: 'object', required: ['username', 'via'], properties: { username: { type: 'string' }, via: { type: 'string', enum: ['basic', 'token'] } } }, 'The user.'),
          401: error('Missing or invalid credentials.'),
        },
      },
    },
    '/portico/v1/deployments/store': {
      get: {
        tags: ['portico'],
        summary: 'The deployment store (file or redis), the revision this gateway serves, and whether it accepts deploys now',
        security: AUTHENTICATED,
        responses: {
          200: json(
            {
              type: 'object',
              required: ['type', 'acceptingChanges', 'revision'],
              properties: { type: { type: 'string' }, acceptingChanges: { type: 'boolean' }, revision: { type: 'integer' }, problem: { type: 'string' } },
            },
            'The store.',
          ),
          401: error('Missing or invalid credentials.'),
        },
      },
    },
    '/portico/v1/connectors': {
      get: {
        tags: ['portico'],
        summary: 'The registered connector types: their options (JSON Schema), capabilities, module and contract version',
        security: AUTHENTICATED,
        responses: {
          200: json({ type: 'object', properties: { total: { type: 'integer' }, list: { type: 'array', items: ref('ConnectorDescription') } } }, 'Connector types, by type.'),
          401: error('Missing or invalid credentials.'),
        },
      },
    },
    '/portico/v1/connectors/{type}': {
      get: {
        tags: ['portico'],
        summary: 'One registered connector type',
        security: AUTHENTICATED,
        parameters: [pathParam('type')],
        responses: { 200: json(ref('ConnectorDescription'), 'The connector type.'), 401: error('Missing or invalid credentials.'), 404: error('No connector of this type is registered.') },
      },
    },
    '/portico/v1/clusters/{id}': {
      get: {
        tags: ['portico'],
        summary: 'One live cluster and the health of its members',
        security: AUTHENTICATED,
        parameters: [pathParam('id')],
        responses: { 200: json(ref('ClusterStatus'), 'The cluster.'), 401: error('Missing or invalid credentials.'), 404: error('No live cluster has this id.') },
      },
    },
    '/portico/v1/clusters/{id}/reset': {
      post: {
        tags: ['portico'],
        summary: "Forget the cluster's health and ejection state: every member healthy, probes go on",
        security: AUTHENTICATED,
        parameters: [pathParam('id')],
        responses: { 200: json(ref('ClusterStatus'), 'The cluster after the reset.'), 401: error('Missing or invalid credentials.'), 404: error('No live cluster has this id.') },
      },
    },
    '/portico/v1/backend-jwt/rotate': {
      post: {
        tags: ['portico'],
        summary: 'Rotate the backend JWT signing key: a new generated key, or the configured key files read again',
        security: AUTHENTICATED,
        responses: {
          200: json({ type: 'object', properties: { kid: { type: 'string' }, published: { type: 'array', items: { type: 'string' } } } }, 'The signing key id and every published key id.'),
          401: error('Missing or invalid credentials.'),
          422: error('A configured key file is unreadable or broken; the keys are unchanged.'),
        },
      },
    },
    '/portico/v1/soap/openapi': {
      post: {
        tags: ['portico'],
        summary: 'Generate the OpenAPI document of a REST facade for a SOAP service from its WSDL (deployable as it is through POST /portico/v1/apis)',
        description:
          'The body is the WSDL itself, a project zip holding it (its imports are resolved inside the project), or JSON { "url": <WSDL URL> } fetched through upstream.destinations like a WSDL named at deploy time. ' +
          'The answer has the root and per-operation x-portico-soap mappings, x-wso2-basePath, and the WSDL service address as x-wso2-production-endpoints.',
        security: AUTHENTICATED,
        parameters: [
          query('wsdl', { type: 'string' }, 'Zip: the WSDL’s path in the project (needed when it holds several). WSDL body: where it will sit in the project (default WSDL/<service>.wsdl).'),
          query('service', { type: 'string' }, 'The WSDL service (needed when it has several).'),
          query('port', { type: 'string' }, 'The service port (default: its first SOAP 1.1 port, else its first SOAP 1.2 one).'),
          query('title', { type: 'string' }, 'info.title, the API name (default: the service name).'),
          query('version', { type: 'string' }, 'info.version (default 1.0.0).'),
          query('basePath', { type: 'string' }, 'x-wso2-basePath (default /<service in lower case>).'),
          query('format', { type: 'string', enum: ['yaml', 'json'] }, 'Format of the answer (default: JSON when Accept asks for application/json, else YAML).'),
        ],
        requestBody: {
          required: true,
          content: {
            'text/xml': { schema: { type: 'string' } },
            'application/xml': { schema: { type: 'string' } },
            'application/wsdl+xml': { schema: { type: 'string' } },
            'application/zip': { schema: { type: 'string', format: 'binary' } },
            'application/json': { schema: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } } },
          },
        },
        responses: {
          200: { description: 'The OpenAPI 3.0 document.', content: { 'application/yaml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } },
          400: error('The body cannot be read (empty, corrupt zip, JSON other than { url }).'),
          401: error('Missing or invalid credentials.'),
          404: error('The soap connector is not installed (admin.soap-not-installed).'),
          415: error('Unsupported content type.'),
          422: error('The WSDL cannot be fetched or used, or the service or port is unknown; every problem is listed (soap.* codes).'),
        },
      },
    },
    '/portico/v1/events': {
      get: {
        tags: ['portico'],
        summary: 'WebSocket: the admin event stream (deploys, undeploys, endpoint health, panic mode, drained clusters), one JSON message per event after a hello',
        description:
          'Upgrade with a WebSocket handshake. Browsers offer the admin token as the sub-protocol portico.bearer.<token> together with portico.events.v1. ?types= (comma-separated) filters the event types.',
        security: AUTHENTICATED,
        parameters: [{ name: 'types', in: 'query', required: false, schema: { type: 'string' }, description: 'Event types to deliver, comma-separated.' }],
        responses: {
          101: { description: 'Switching protocols: the stream is open.' },
          400: error('An unknown event type, or sub-protocols offered without portico.events.v1.'),
          401: error('Missing or invalid credentials.'),
          503: error('admin.events.maxSubscribers streams are open already.'),
        },
      },
    },
    ...DASHBOARD_PATHS,
    '/portico/v1/openapi.yaml': { get: { tags: ['portico'], summary: 'This document (YAML)', security: [], responses: { 200: { description: 'OpenAPI 3.0.' } } } },
    '/portico/v1/openapi.json': { get: { tags: ['portico'], summary: 'This document (JSON)', security: [], responses: { 200: { description: 'OpenAPI 3.0.' } } } },
    '/metrics': {
      get: {
        tags: ['portico'],
        summary: 'Prometheus metrics (text exposition format)',
        description:
          'The path is metrics.path (default /metrics). Credentials are required unless metrics.requireAuthentication is false; ' +
          'absent (404) while metrics.enabled is false. metrics.port opens a listener of its own for it, without authentication.',
        security: [...AUTHENTICATED, {}],
        responses: {
          200: { description: 'Every metric.', content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } } },
          401: error('Missing or invalid credentials (metrics.requireAuthentication).'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      basicAuth: { type: 'http', scheme: 'basic' },
      bearerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: `From POST ${ADAPTER}/oauth2/token.` },
      sessionCookie: SESSION_COOKIE_SCHEME,
    },
    schemas: ADMIN_SCHEMAS,
  },
} as const;
