import { Test } from '@nestjs/testing';
import { DEFINITION_LOADER, type DefinitionLoader } from '#core';
import { SettingsModule } from '#settings';
import { ApiDefinitionLoader, DefinitionsModule } from './index.js';
import { describeWithCcFixtures, readFixture, testSettings } from './fixtures.spec-support.js';

describeWithCcFixtures('DefinitionsModule', () => {
  it('provides DEFINITION_LOADER with the gateway settings injected', async () => {
    const settings = testSettings({ environments: [{ name: 'Edge', vhost: 'edge.example' }] });
    const moduleRef = await Test.createTestingModule({ imports: [SettingsModule.forRoot(settings), DefinitionsModule] }).compile();
    const loader = moduleRef.get<DefinitionLoader>(DEFINITION_LOADER);
    expect(loader).toBeInstanceOf(ApiDefinitionLoader);
    const { api } = await loader.load({ kind: 'document', text: readFixture('integration/openAPIs/prod_openAPI.yaml') });
    expect(api.deploymentTargets).toEqual([{ environment: 'Edge', vhost: 'edge.example' }]);
    await moduleRef.close();
  });

  it('works without Nest', async () => {
    const loader = new ApiDefinitionLoader(testSettings());
    const { api } = await loader.load({ kind: 'document', text: readFixture('integration/openAPIs/vhost1_openAPI.yaml') });
    expect(api.basePath).toBe('/v2/vhost');
  });
});
