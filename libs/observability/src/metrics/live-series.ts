import type { ClusterDirectory, RoutingSnapshot } from '#core';
import { endpointLabel } from './label-values.js';

type Labels = Readonly<Record<string, string>>;

/** Which of LiveSeries' checks a family's series are kept by. */
export type LiveCheck = 'api' | 'resource' | 'cluster' | 'member';

/**
 * What is deployed and live right now, as label values: the series of anything else belong to an
 * API undeployed or redeployed away, and are dropped so churn never grows a scrape. Built only
 * after a deploy event, never per request.
 */
export class LiveSeries {
  /** `name\0version` → the resource templates of the API (over all its deployments). */
  private readonly resources = new Map<string, Set<string>>();
  private readonly clusters = new Set<string>();
  /** `cluster\0endpoint` */
  private readonly members = new Set<string>();

  constructor(snapshot: RoutingSnapshot | undefined, directory: ClusterDirectory | undefined) {
    for (const { api } of snapshot?.deployments ?? []) {
      const key = apiKey(api.name, api.version);
      let paths = this.resources.get(key);
      if (paths === undefined) this.resources.set(key, (paths = new Set()));
      for (const resource of api.resources) paths.add(resource.path);
    }
    for (const cluster of directory?.clusters() ?? []) {
      this.clusters.add(cluster.id);
      for (const member of cluster.members) this.members.add(`${cluster.id}\u0000${endpointLabel(member.url)}`);
    }
  }

  /** Series of requests no route matched (api "") always stay: their labels are bounded already. */
  api = (labels: Labels): boolean => labels.api === '' || this.resources.has(apiKey(labels.api, labels.api_version));

  resource = (labels: Labels): boolean => labels.api === '' || this.resources.get(apiKey(labels.api, labels.api_version))?.has(labels.resource) === true;

  cluster = (labels: Labels): boolean => this.api(labels) && this.clusters.has(labels.cluster);

  member = (labels: Labels): boolean => this.cluster(labels) && this.members.has(`${labels.cluster}\u0000${labels.endpoint}`);
}

function apiKey(name: string, version: string): string {
  return `${name}\u0000${version}`;
}
