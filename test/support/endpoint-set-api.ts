import { stringify } from 'yaml';
import type { TestGateway } from '#testing';
import { porticoDeploy } from './admin-api.js';

const OK = { responses: { '200': { description: 'ok' } } };

/**
 * An open OpenAPI 3 definition whose every GET and POST under `basePath` goes to one production
 * endpoint set, written as the test gives it (`urls`, `type`, `x-portico-load-balancer`, …).
 */
export function endpointSetApi(title: string, basePath: string, endpoints: Readonly<Record<string, unknown>>): string {
  return stringify({
    openapi: '3.0.3',
    info: { title, version: '1.0.0' },
    'x-wso2-basePath': basePath,
    'x-wso2-disable-security': true,
    'x-wso2-production-endpoints': endpoints,
    paths: { '/*': { get: OK, post: OK } },
  });
}

/** Deploys (or replaces) a definition; fails the test with the gateway's answer otherwise. */
export async function deployApi(gw: TestGateway, definition: string): Promise<void> {
  const res = await porticoDeploy(gw, definition, { override: true });
  expect([res.status, res.text]).toEqual([201, expect.any(String)]);
}
