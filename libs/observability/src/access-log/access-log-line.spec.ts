import { type ClusterHandle, REQUEST_ERRORS, RequestRecord, type RouteMatch } from '#core';
import { jsonAccessLine, logfmtAccessLine } from './access-log-line.js';

const TIME = '2026-12-05T08:00:00.000Z';

function finished(path: string, configure: (record: RequestRecord) => void = () => undefined): RequestRecord {
  const record = new RequestRecord('3f2a-1', 'GET', path, '10.0.0.7', 0, 0, 0);
  Object.assign(record, { status: 200, completed: true, bytesIn: 120, bytesOut: 1300, durationMs: 2.34567 });
  configure(record);
  return record;
}

const route = { api: { name: 'Pet "Store"', version: '1.0.0' }, resource: { path: '/pet/{petId}' } } as unknown as RouteMatch;
const cluster = { id: 'abc123def456', endpointSet: { name: 'PRODUCTION', urls: [{ rawUrl: 'http://pets:8080/v2' }] } } as unknown as ClusterHandle;

describe('access log lines', () => {
  it('JSON: one parseable line, fields without a value left out', () => {
    const line = jsonAccessLine(finished('/nowhere', (r) => Object.assign(r, { status: 404, error: REQUEST_ERRORS.noRoute })), TIME);
    expect(line.endsWith('}\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      type: 'access',
      time: TIME,
      requestId: '3f2a-1',
      client: '10.0.0.7',
      method: 'GET',
      path: '/nowhere',
      status: 404,
      durationMs: 2.346,
      bytesIn: 120,
      bytesOut: 1300,
      errorCode: '404',
    });
  });

  it('JSON: a proxied request names its route, cluster, endpoint, tries and upstream time; hostile text stays inside its string', () => {
    const record = finished('/pets/pet/1"\n{', (r) => Object.assign(r, { route, cluster, keyType: 'PRODUCTION', endpoint: 0, attempts: 2, upstreamMs: 1.5 }));
    const line = jsonAccessLine(record, TIME);
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line)).toMatchObject({ path: '/pets/pet/1"\n{', api: 'Pet "Store"', resource: '/pet/{petId}', keyType: 'PRODUCTION', cluster: 'abc123def456', endpoint: 'http://pets:8080/v2', attempts: 2, upstreamMs: 1.5 });
  });

  it('marks a cut response, not a WebSocket that ended', () => {
    expect(JSON.parse(jsonAccessLine(finished('/x', (r) => Object.assign(r, { status: 499, completed: false })), TIME)).cut).toBe(true);
    expect(JSON.parse(jsonAccessLine(finished('/ws', (r) => Object.assign(r, { status: 101, completed: false })), TIME)).cut).toBeUndefined();
  });

  it('logfmt: the same fields, values quoted only when they must be', () => {
    const line = logfmtAccessLine(finished('/a b', (r) => Object.assign(r, { route, cluster, endpoint: 0, attempts: 1, upstreamMs: 1 })), TIME);
    expect(line).toBe(
      `type=access time=${TIME} requestId=3f2a-1 client=10.0.0.7 method=GET path="/a b" status=200 api="Pet \\"Store\\"" apiVersion=1.0.0 resource=/pet/{petId} ` +
        'cluster=abc123def456 endpointSet=PRODUCTION endpoint=http://pets:8080/v2 attempts=1 upstreamMs=1 durationMs=2.346 bytesIn=120 bytesOut=1300\n',
    );
    expect(logfmtAccessLine(finished('/x=y\n'), TIME)).toContain('path="/x=y\\n"');
  });
});
