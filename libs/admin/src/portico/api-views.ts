import type { ApiDefinition, ApiType, EndpointSets, KeyType, Problem, RoutingPolicyKind } from '#core';
import type { DeploymentOrigin, DeploymentRecord } from '../deploy/deployment-record.js';
import { securityView, type SecurityView } from './security-view.js';

/** The JSON views of Portico's admin API, built from the deployment records of one API. */

export interface TargetView {
  readonly environment: string;
  readonly vhost: string;
  readonly basePath: string;
  readonly origin: DeploymentOrigin;
  readonly deployedAt: string;
}

export interface ApiListItemView {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly type: ApiType;
  readonly basePath: string;
  readonly connector: string;
  readonly origin: DeploymentOrigin;
  readonly deployedAt: string;
  readonly targets: readonly TargetView[];
  readonly security: SecurityView;
}

export interface EndpointSetView {
  readonly policy: RoutingPolicyKind;
  readonly urls: readonly string[];
}

export type EndpointsView = Partial<Record<KeyType, EndpointSetView>>;

export interface ResourceView {
  readonly path: string;
  readonly methods: readonly string[];
  /** Present when the resource overrides the API's endpoints. */
  readonly endpoints?: EndpointsView;
}

export interface ApiDetailView extends ApiListItemView {
  readonly isDefaultVersion: boolean;
  readonly lifecycle: string;
  readonly definitionFormat: ApiDefinition['definition']['format'];
  readonly endpoints: EndpointsView;
  readonly resources: readonly ResourceView[];
  readonly warnings: readonly Problem[];
}

/** Records grouped per API (name and version), sorted by name then version. */
export function groupByApi(records: readonly DeploymentRecord[]): DeploymentRecord[][] {
  const groups = new Map<string, DeploymentRecord[]>();
  for (const r of records) {
    const key = JSON.stringify([r.name, r.version]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].sort((a, b) => a[0].name.localeCompare(b[0].name) || a[0].version.localeCompare(b[0].version));
}

/** The most recent deployment of an API: its definition describes the API in the views. */
export function latestOf(records: readonly DeploymentRecord[]): DeploymentRecord {
  return records.reduce((latest, r) => (r.deployedAt > latest.deployedAt ? r : latest));
}

export function listItemView(records: readonly DeploymentRecord[]): ApiListItemView {
  const latest = latestOf(records);
  const { api } = latest.loaded;
  return {
    id: api.id,
    name: api.name,
    version: api.version,
    type: api.type,
    basePath: api.basePath,
    connector: api.connector.type,
    origin: latest.origin,
    deployedAt: latest.deployedAt,
    security: securityView(api),
    targets: records.map((r) => ({
      environment: r.environment,
      vhost: r.vhost,
      basePath: r.loaded.api.basePath,
      origin: r.origin,
      deployedAt: r.deployedAt,
    })),
  };
}

export function detailView(records: readonly DeploymentRecord[]): ApiDetailView {
  const latest = latestOf(records);
  const { api, warnings } = latest.loaded;
  return {
    ...listItemView(records),
    isDefaultVersion: api.isDefaultVersion,
    lifecycle: api.lifecycle,
    definitionFormat: api.definition.format,
    endpoints: endpointsView(api.endpoints),
    resources: api.resources.map((res) => {
      const endpoints = endpointsView(res.endpoints);
      const view = { path: res.path, methods: res.operations.map((o) => o.method) };
      return Object.keys(endpoints).length > 0 ? { ...view, endpoints } : view;
    }),
    warnings,
  };
}

function endpointsView(sets: EndpointSets): EndpointsView {
  const view: EndpointsView = {};
  for (const keyType of ['PRODUCTION', 'SANDBOX'] as const) {
    const set = sets[keyType];
    if (set) view[keyType] = { policy: set.policy, urls: set.urls.map((u) => u.rawUrl) };
  }
  return view;
}
