/** Schemas of the admin API's OpenAPI document (admin-openapi.ts), by name. */
/** A reference to one of the schemas below. */
export const ref = (name: string): object => ({ $ref: `#/components/schemas/${name}` });

export const ADMIN_SCHEMAS = {
  Credentials: {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: { type: 'string', maxLength: 100, pattern: '^[a-zA-Z0-9_~.@-]*$' },
      password: { type: 'string', maxLength: 100, pattern: '^[a-zA-Z0-9_~.@-]*$' },
    },
  },
  Problem: {
    type: 'object',
    required: ['code', 'message'],
    properties: { code: { type: 'string' }, message: { type: 'string' }, location: { type: 'string' } },
  },
  Error: {
    type: 'object',
    required: ['status', 'code', 'message'],
    properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' }, problems: { type: 'array', items: ref('Problem') } },
  },
  Target: { type: 'object', properties: { environment: { type: 'string' }, vhost: { type: 'string' } } },
  DeploySummary: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      version: { type: 'string' },
      id: { type: 'string' },
      basePath: { type: 'string' },
      type: { type: 'string' },
      connector: { type: 'string' },
      targets: { type: 'array', items: ref('Target') },
      created: { type: 'boolean' },
      warnings: { type: 'array', items: ref('Problem') },
    },
  },
  DeploymentTarget: {
    type: 'object',
    properties: {
      environment: { type: 'string' },
      vhost: { type: 'string' },
      basePath: { type: 'string' },
      origin: { type: 'string', enum: ['admin', 'file'] },
      deployedAt: { type: 'string', format: 'date-time' },
    },
  },
  ApiListItem: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      version: { type: 'string' },
      type: { type: 'string' },
      basePath: { type: 'string' },
      connector: { type: 'string' },
      origin: { type: 'string', enum: ['admin', 'file'] },
      deployedAt: { type: 'string', format: 'date-time' },
      targets: { type: 'array', items: ref('DeploymentTarget') },
      security: ref('Security'),
    },
  },
  Security: {
    type: 'object',
    description: 'Consumer security as the gateway applies it.',
    properties: {
      open: { type: 'boolean', description: 'No operation asks for credentials.' },
      schemes: {
        type: 'array',
        description: 'What the secured operations accept (any one); OAuth2 where they name none.',
        items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' }, description: { type: 'string' }, default: { type: 'boolean' } } },
      },
      openOperations: { type: 'integer', description: 'Operations left open in an otherwise secured API.' },
      projectSchemes: { type: 'array', items: { type: 'string' }, description: "api.yaml securityScheme entries." },
      mutualTls: { type: 'string', enum: ['none', 'optional', 'mandatory'] },
    },
  },
  EndpointSet: { type: 'object', properties: { policy: { type: 'string' }, urls: { type: 'array', items: { type: 'string' } } } },
  Endpoints: { type: 'object', properties: { PRODUCTION: ref('EndpointSet'), SANDBOX: ref('EndpointSet') } },
  ApiDetail: {
    allOf: [
      ref('ApiListItem'),
      {
        type: 'object',
        properties: {
          isDefaultVersion: { type: 'boolean' },
          lifecycle: { type: 'string' },
          definitionFormat: { type: 'string' },
          endpoints: ref('Endpoints'),
          resources: {
            type: 'array',
            items: {
              type: 'object',
              properties: { path: { type: 'string' }, methods: { type: 'array', items: { type: 'string' } }, endpoints: ref('Endpoints') },
            },
          },
          warnings: { type: 'array', items: ref('Problem') },
        },
      },
    ],
  },
  MemberStatus: {
    type: 'object',
    required: ['url', 'state', 'ejections', 'activeRequests'],
    properties: {
      url: { type: 'string' },
      state: { type: 'string', enum: ['healthy', 'unhealthy', 'ejected'], description: 'unhealthy: by active probes; ejected: by passive outlier detection.' },
      since: { type: 'string', format: 'date-time', description: 'When the member entered its state; absent while healthy since the cluster started.' },
      ejectedUntil: { type: 'string', format: 'date-time', description: 'When the ejection ends at the latest (a passing probe ends it earlier).' },
      lastError: { type: 'string', description: 'The last failure seen on the member, by a request or a probe.' },
      lastErrorAt: { type: 'string', format: 'date-time' },
      ejections: { type: 'integer', description: 'Times ejected; each ejection lasts twice the one before, up to the maximum.' },
      activeRequests: { type: 'integer' },
      averageLatencyMs: { type: 'integer' },
    },
  },
  ClusterStatus: {
    type: 'object',
    properties: {
      id: { type: 'string', description: 'Stable while the cluster lives, across redeploys that leave it unchanged.' },
      api: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, version: { type: 'string' } } },
      endpointSets: { type: 'array', items: { type: 'string' } },
      connectorType: { type: 'string' },
      policy: { type: 'string', enum: ['LOAD_BALANCE', 'FAILOVER'] },
      balancer: { type: 'string', enum: ['round-robin', 'weighted-round-robin', 'least-request', 'priority'] },
      healthChecks: { type: 'string', description: '`tcp`, `http <path>` or `off`.' },
      panic: { type: 'boolean', description: 'Fewer than the panic threshold of members are available: traffic goes to all of them.' },
      activeRequests: { type: 'integer' },
      activeRetries: { type: 'integer' },
      members: { type: 'array', items: ref('MemberStatus') },
    },
  },
  ConnectorDescription: {
    type: 'object',
    properties: {
      type: { type: 'string', description: 'What `x-portico-connector` names, e.g. `rest` or `acme.queue`.' },
      description: { type: 'string' },
      module: { type: 'string', description: 'The Nest module that provides the factory.' },
      factory: { type: 'string' },
      contractVersion: { type: 'string', description: 'The connector contract (`major.minor`) the factory was built for.' },
      capabilities: {
        type: 'object',
        properties: {
          upgrade: { type: 'boolean', description: 'Accepts WebSocket handshakes.' },
          probe: { type: 'boolean', description: 'Can probe endpoints: active health checks apply.' },
          endpoints: { type: 'string', enum: ['required', 'none'], description: '`none`: calls no endpoint URLs (a set may have none).' },
          schemes: { type: 'array', items: { type: 'string' }, description: 'The URL schemes its endpoints may use.' },
        },
      },
      options: { type: 'object', description: 'JSON Schema of the options (`x-portico-connector.options`), checked at deploy time.' },
    },
  },
  AdapterApiList: {
    type: 'object',
    properties: {
      total: { type: 'integer' },
      count: { type: 'integer' },
      list: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            apiName: { type: 'string' },
            version: { type: 'string' },
            apiType: { type: 'string' },
            context: { type: 'string' },
            'gateway-envs': { type: 'array', items: { type: 'string' } },
            vhost: { type: 'string' },
          },
        },
      },
    },
  },
} as const;
