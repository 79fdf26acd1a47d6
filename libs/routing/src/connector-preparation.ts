import { type ApiDefinition, CONNECTOR_PREPARE_TIMEOUT_MS, connectorTypesOf, type Problem } from '#core';
import type { ConnectorRegistry } from './connector-registry.js';

/**
 * Runs the deploy-time `prepare` of each API's connector (a WSDL to load, …) for the APIs a
 * deploy compiles, all at once, each bounded by CONNECTOR_PREPARE_TIMEOUT_MS: deploys are
 * serialized, and one that never ends would hold every later one. Returns the problems of the
 * APIs whose preparation failed; the compiler refuses those.
 */
export async function prepareConnectors(apis: Iterable<ApiDefinition>, registry: ConnectorRegistry): Promise<ReadonlyMap<ApiDefinition, readonly Problem[]>> {
  const failed = new Map<ApiDefinition, readonly Problem[]>();
  await Promise.all(
    [...new Set(apis)].map(async (api) => {
      // Each connector type the API's sets use prepares it once.
      const prepared = await Promise.all(
        connectorTypesOf(api).map(async (type) => {
          const factory = registry.get(type);
          return factory === undefined ? [] : bounded(factory.prepare(api), api, type);
        }),
      );
      const problems = prepared.flat();
      if (problems.length > 0) failed.set(api, problems.map((p) => ({ ...p, location: p.location ?? api.connector.location ?? `${api.name}:${api.version}` })));
    }),
  );
  return failed;
}

async function bounded(preparation: Promise<readonly Problem[]>, api: ApiDefinition, type: string): Promise<readonly Problem[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${CONNECTOR_PREPARE_TIMEOUT_MS / 1000} s`)), CONNECTOR_PREPARE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([preparation, deadline]);
  } catch (error) {
    const message = (error as { message?: unknown } | undefined)?.message;
    return [
      {
        code: 'connector.prepare-failed',
        message: `the ${type} connector could not prepare ${api.name}:${api.version}: ${typeof message === 'string' ? message : String(error)}`,
      },
    ];
  } finally {
    clearTimeout(timer);
  }
}
