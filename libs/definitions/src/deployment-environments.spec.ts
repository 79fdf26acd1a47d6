import { itWithCcFixtures, loadFolder, problemsOf, readFixture, testSettings } from './fixtures.spec-support.js';

const apiYaml = JSON.stringify({ data: { name: 'Env', version: '1.0.0', context: '/env', type: 'HTTP', endpointConfig: { production_endpoints: { url: 'http://a.example' } } } });
const definition = JSON.stringify({ swagger: '2.0', info: { title: 'Env', version: '1.0.0' }, paths: { '/x': { get: {} } } });
const settings = testSettings({ environments: [{ name: 'Default', vhost: 'localhost' }, { name: 'US', vhost: 'us.wso2.com' }] });

const load = (environments?: string) =>
  loadFolder({ 'Env/api.yaml': apiYaml, 'Env/Definitions/swagger.json': definition, ...(environments !== undefined && { 'Env/deployment_environments.yaml': environments }) }, settings);

describe('deployment environments (spec §15)', () => {
  it('deploys to the first configured environment without a file', async () => {
    expect((await load()).api.deploymentTargets).toEqual([{ environment: 'Default', vhost: 'localhost' }]);
  });

  itWithCcFixtures('resolves vhosts, with the environment default when none is given', async () => {
    const { api } = await load(readFixture('integration/deploymentEnvironments/apictl_test_deploy_multiple_env.yaml'));
    expect(api.deploymentTargets).toEqual([
      { environment: 'US', vhost: 'us.wso2.com' },
      { environment: 'US', vhost: 'localhost' },
      { environment: 'Default', vhost: 'localhost' },
      { environment: 'Default', vhost: 'eu.wso2.com' },
    ]);
  });

  itWithCcFixtures('skips unknown environments with a warning', async () => {
    const { api, warnings } = await loadFolder(
      { 'Env/api.yaml': apiYaml, 'Env/Definitions/swagger.json': definition, 'Env/deployment_environments.yaml': readFixture('integration/deploymentEnvironments/apictl_test_deploy_multiple_env.yaml') },
      testSettings(),
    );
    expect(api.deploymentTargets).toEqual([{ environment: 'Default', vhost: 'localhost' }, { environment: 'Default', vhost: 'eu.wso2.com' }]);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'deploy.environment-unknown', location: 'deployment_environments.yaml#/data/0' }),
      expect.objectContaining({ code: 'deploy.environment-unknown', location: 'deployment_environments.yaml#/data/1' }),
    ]);
    expect(warnings[0].message).toBe('environment "US" is not configured (configured: Default); the entry is skipped');
  });

  it('refuses a file that names only unknown environments', async () => {
    const problems = await problemsOf(load('data:\n  - deploymentEnvironment: Mars\n'));
    expect(problems).toEqual([
      { code: 'deploy.no-target', message: 'deployment_environments.yaml names no configured environment, so the API would be deployed nowhere', location: 'deployment_environments.yaml' },
    ]);
  });

  it('falls back to the default environment, with a warning, when the file cannot be read', async () => {
    const { api, warnings } = await load('data: [unclosed\n');
    expect(api.deploymentTargets).toEqual([{ environment: 'Default', vhost: 'localhost' }]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'project.file-invalid', location: 'deployment_environments.yaml' })]);
  });

  itWithCcFixtures('reads the SOAP sample and vhost fixtures', async () => {
    expect((await load(readFixture('samples/apiProjects/SampleSOAPApi/deployment_environments.yaml'))).api.deploymentTargets).toEqual([
      { environment: 'Default', vhost: 'localhost' },
    ]);
    expect((await load(readFixture('integration/deploymentEnvironments/vhost2_deploy_env.yaml'))).api.deploymentTargets).toEqual([
      { environment: 'Default', vhost: 'us.wso2.com' },
    ]);
  });
});
