import { type ApiDefinition, DeployRejectedError } from '#core';
import type { DeploymentRecord } from './deployment-record.js';
import { type DeployCandidate, planDeploy, planUndeploy, resolveTargets } from './deploy-plan.js';

const ENVIRONMENTS = [
  { name: 'Default', vhost: 'localhost' },
  { name: 'US', vhost: 'us.example.com' },
];

function api(name: string, version: string, basePath: string, targets = [{ environment: 'Default', vhost: 'localhost' }]): ApiDefinition {
  return { name, version, basePath, deploymentTargets: targets } as unknown as ApiDefinition;
}

function candidate(a: ApiDefinition, targets = a.deploymentTargets): DeployCandidate {
  return { loaded: { api: a, warnings: [] }, targets, origin: 'admin', artifact: { kind: 'file', path: '/x', format: 'folder' }, deployedAt: 't' };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DeployRejectedError) return error.problems.map((p) => `${p.code}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a DeployRejectedError');
}

describe('deploy plan', () => {
  it('uses the definition targets, narrowed to a requested environment or moved to a requested vhost', () => {
    const both = api('P', 'v1', '/p', [
      { environment: 'Default', vhost: 'localhost' },
      { environment: 'US', vhost: 'us.example.com' },
    ]);
    expect(resolveTargets(both, ENVIRONMENTS)).toEqual(both.deploymentTargets);
    expect(resolveTargets(both, ENVIRONMENTS, { environment: 'US' })).toEqual([{ environment: 'US', vhost: 'us.example.com' }]);
    expect(resolveTargets(api('P', 'v1', '/p'), ENVIRONMENTS, { environment: 'US' })).toEqual([{ environment: 'US', vhost: 'us.example.com' }]);
    expect(resolveTargets(both, ENVIRONMENTS, { vhost: 'one.example.com' })).toEqual([{ environment: 'Default', vhost: 'one.example.com' }]);
    expect(problemsOf(() => resolveTargets(both, ENVIRONMENTS, { environment: 'Mars' }))).toEqual([
      'deploy.no-target: environment "Mars" is not configured (configured: Default, US)',
    ]);
  });

  it('adds, then replaces only on the target vhosts with override', () => {
    const v1 = api('P', 'v1', '/p', [
      { environment: 'Default', vhost: 'localhost' },
      { environment: 'US', vhost: 'us.example.com' },
    ]);
    const first = planDeploy([], candidate(v1), false);
    expect(first.created).toBe(true);
    expect(first.records.map((r) => r.vhost)).toEqual(['localhost', 'us.example.com']);

    const again = api('P', 'v1', '/p');
    expect(problemsOf(() => planDeploy(first.records, candidate(again), false))).toEqual([
      'deploy.api-exists: API P:v1 is already deployed on vhost localhost; deploy with override=true to replace it',
    ]);
    const replaced = planDeploy(first.records, candidate(again), true);
    expect(replaced.created).toBe(false);
    expect(replaced.records.map((r) => [r.vhost, r.loaded.api === again])).toEqual([
      ['us.example.com', false],
      ['localhost', true],
    ]);
  });

  it('refuses another API with the same base path on a target vhost, override or not', () => {
    const records = planDeploy([], candidate(api('P', 'v1', '/shared')), false).records;
    expect(problemsOf(() => planDeploy(records, candidate(api('Q', 'v1', '/shared')), true))).toEqual([
      'deploy.basepath-conflict: An API exists with the same basepath /shared on vhost localhost: P:v1',
    ]);
    const elsewhere = planDeploy(records, candidate(api('Q', 'v1', '/shared', [{ environment: 'US', vhost: 'us.example.com' }])), false);
    expect(elsewhere.records).toHaveLength(2);
  });

  it('undeploys by vhost and environment, and reports 404 when nothing matches', () => {
    const records: DeploymentRecord[] = [...planDeploy([], candidate(api('P', 'v1', '/p', [
      { environment: 'Default', vhost: 'localhost' },
      { environment: 'US', vhost: 'us.example.com' },
    ])), false).records];
    expect(planUndeploy(records, 'P', 'v1', { environments: ['US'] }).records.map((r) => r.vhost)).toEqual(['localhost']);
    expect(planUndeploy(records, 'P', 'v1').records).toEqual([]);
    expect(problemsOf(() => planUndeploy(records, 'P', 'v1', { vhost: 'x.example.com', environments: ['US'] }))).toEqual([
      'api.not-found: API P:v1 is not deployed on vhost x.example.com in environments US',
    ]);
    expect(problemsOf(() => planUndeploy(records, 'P', 'v2'))).toEqual(['api.not-found: API P:v2 is not deployed']);
  });
});
