import type { ClusterStatus } from '#core';
import type { TestGateway } from '#testing';
import { PORTICO_BASE } from './admin-api.js';

/** The live clusters of one API as `GET /portico/v1/clusters` shows them. */
export async function clustersOf(gw: TestGateway, apiName: string): Promise<ClusterStatus[]> {
  const res = await gw.admin(`${PORTICO_BASE}/clusters?${new URLSearchParams({ apiName })}`);
  if (res.status !== 200) throw new Error(`cluster view failed: ${res.status} ${res.text}`);
  return res.json<{ list: ClusterStatus[] }>().list;
}

/** The member states of an API's only cluster, in URL order (`healthy`, `unhealthy`, `ejected`). */
export async function memberStates(gw: TestGateway, apiName: string): Promise<string[]> {
  const clusters = await clustersOf(gw, apiName);
  if (clusters.length !== 1) throw new Error(`${apiName} has ${clusters.length} clusters, expected one`);
  return clusters[0].members.map((m) => m.state);
}
