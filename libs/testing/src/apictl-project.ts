import { stringify } from 'yaml';
import type { ProjectFiles } from './project-zip.js';

export interface ApictlProjectSpec {
  /** The definition text (YAML or JSON), stored as Definitions/swagger.yaml. */
  readonly definition: string;
  readonly name: string;
  readonly version: string;
  readonly context: string;
  /** Production endpoint URL written into api.yaml (apictl init copies it from the definition). */
  readonly productionUrl?: string;
  /** More api.yaml `data` fields, or a whole api.yaml text that replaces the generated one. */
  readonly apiYaml?: Readonly<Record<string, unknown>> | string;
  /** deployment_environments.yaml text. */
  readonly deploymentEnvironments?: string;
  readonly files?: ProjectFiles;
}

/** The files of a project as `apictl init` lays it out (spec §3.1). */
export function apictlProject(spec: ApictlProjectSpec): Record<string, string | Buffer> {
  const apiYaml =
    typeof spec.apiYaml === 'string'
      ? spec.apiYaml
      : stringify({
          type: 'api',
          version: 'v4.2.0',
          data: {
            name: spec.name,
            version: spec.version,
            context: spec.context,
            type: 'HTTP',
            lifeCycleStatus: 'PUBLISHED',
            endpointImplementationType: 'ENDPOINT',
            ...(spec.productionUrl ? { endpointConfig: { endpoint_type: 'http', production_endpoints: { url: spec.productionUrl } } } : {}),
            ...spec.apiYaml,
          },
        });
  return {
    'api.yaml': apiYaml,
    'Definitions/swagger.yaml': spec.definition,
    ...(spec.deploymentEnvironments ? { 'deployment_environments.yaml': spec.deploymentEnvironments } : {}),
    ...spec.files,
  };
}
