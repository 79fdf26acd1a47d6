import { ref } from './admin-openapi-schemas.js';

/** The dashboard's part of the admin API's OpenAPI document (admin-openapi.ts): its pages and the traffic history. */

const error = (description: string): object => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const query = (name: string, schema: object, description: string): object => ({ name, in: 'query', required: false, description, schema });
const AUTHENTICATED = [{ basicAuth: [] }, { bearerToken: [] }, { sessionCookie: [] }];
const HTML = { 'text/html': { schema: { type: 'string' } } };
const FORM = { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } } } } };
const redirect = (description: string, setsCookie = false): object => ({
  description,
  headers: {
    Location: { schema: { type: 'string' } },
    ...(setsCookie ? { 'Set-Cookie': { description: 'portico_admin=<token>; HttpOnly; SameSite=Strict; Path=/; Max-Age=<admin.tokenTtl> (+ Secure over TLS)', schema: { type: 'string' } } } : {}),
  },
});

export const PAGING_PARAMETERS = [
  query('offset', { type: 'integer', minimum: 0, default: 0 }, 'Items to skip (paging).'),
  query('limit', { type: 'integer', minimum: 1, maximum: 500 }, 'Items in the page (default: all of them).'),
];

const TRAFFIC_POINT = {
  type: 'object',
  required: ['t', 'rps', 'errorRate', 'p50', 'p95', 'p99'],
  properties: {
    t: { type: 'string', format: 'date-time', description: 'End of the interval.' },
    rps: { type: 'number', description: 'Requests per second that ended in the interval.' },
    errorRate: { type: 'number', minimum: 0, maximum: 1, description: 'Share of them answered 5xx.' },
    p50: { type: 'number', nullable: true, description: 'Latency (ms), interpolated in the histogram bucket; null without requests (WebSockets are left out).' },
    p95: { type: 'number', nullable: true },
    p99: { type: 'number', nullable: true },
  },
};

const TRAFFIC_VIEW = {
  type: 'object',
  required: ['intervalSeconds', 'total', 'apis'],
  properties: {
    intervalSeconds: { type: 'integer', description: 'metrics.trafficSampleSeconds: the length of one point.' },
    total: { type: 'integer', description: 'Deployed APIs matching the query.' },
    apis: {
      type: 'array',
      description: 'Busiest of the window first.',
      items: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' }, points: { type: 'array', items: TRAFFIC_POINT } } },
    },
  },
};

export const DASHBOARD_PATHS = {
  '/portico/v1/traffic': {
    get: {
      tags: ['portico'],
      summary: 'Request rate, 5xx share and latency percentiles per deployed API over the last minutes (the dashboard charts), from the gateway’s request metrics',
      security: AUTHENTICATED,
      parameters: [
        query('minutes', { type: 'integer', minimum: 1, maximum: 60, default: 15 }, 'How far back.'),
        query('query', { type: 'string', maxLength: 255 }, 'Substring of the API name.'),
        ...PAGING_PARAMETERS,
      ],
      responses: {
        200: { description: 'One point per interval, oldest first.', content: { 'application/json': { schema: TRAFFIC_VIEW } } },
        401: error('Missing or invalid credentials.'),
        404: error('Metrics are off (admin.metrics-disabled).'),
        422: error('A parameter is out of range.'),
      },
    },
  },
  '/ui/': {
    get: {
      tags: ['dashboard'],
      summary: 'The dashboard (also /ui); without a session, 303 to /ui/login',
      security: AUTHENTICATED,
      responses: { 200: { description: 'The app page.', content: HTML }, 303: redirect('No valid session: to the login page.') },
    },
  },
  '/ui/{file}': {
    get: {
      tags: ['dashboard'],
      summary: 'A file of the dashboard (styles.css, login.js and favicon.svg need no session)',
      security: AUTHENTICATED,
      parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: 'The file.' }, 304: { description: 'Not modified (If-None-Match).' }, 401: error('No valid session.'), 404: error('No such file.') },
    },
  },
  '/ui/login': {
    get: { tags: ['dashboard'], summary: 'The login page', security: [], responses: { 200: { description: 'The page.', content: HTML } } },
    post: {
      tags: ['dashboard'],
      summary: 'Log in with an admin user (as HTTP Basic: throttled, audited); the admin token goes into the session cookie',
      security: [],
      requestBody: { required: true, content: FORM },
      responses: {
        303: redirect('To /ui/ with the session cookie; to /ui/login?failed=1 for wrong credentials, /ui/login?throttled=<seconds> while locked out.', true),
        413: error('The form is larger than 4096 bytes.'),
        415: error('The body is not a form.'),
      },
    },
  },
  '/ui/logout': {
    post: { tags: ['dashboard'], summary: 'Log out: the session cookie is cleared', security: [], responses: { 303: redirect('To /ui/login.', true) } },
  },
};

export const SESSION_COOKIE_SCHEME = {
  type: 'apiKey',
  in: 'cookie',
  name: 'portico_admin',
  description: 'Set by POST /ui/login: the admin token, accepted like a Bearer token. Only same-origin browser requests may use it.',
};
