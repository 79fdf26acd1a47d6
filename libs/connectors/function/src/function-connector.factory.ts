import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { type ApiDefinition, type ClusterSpec, type Connector, ConnectorFactory, DeployRejectedError, GatewayConnector, type Problem } from '#core';
import { FUNCTION_CONNECTOR_OPTIONS, type FunctionConnectorModuleOptions } from './function-connector.options.js';
import { FunctionConnector } from './function-connector.js';
import { FUNCTION_PROBLEMS } from './function-errors.js';
import type { FunctionHandler } from './function-handler.js';
import { FUNCTION_OPTIONS_SCHEMA, functionOptionsOf } from './function-options.js';
import { FUNCTION_TYPE, type FunctionUse, functionUsesOf } from './function-uses.js';
import { HandlerModules, type LoadedModule } from './handler-modules.js';
import { locateModule } from './module-file.js';

/** The modules an API's function sets name, by the `module` option as written. */
type PreparedModules = ReadonlyMap<string, LoadedModule>;

/**
 * The `function` backend type: an API's resources are answered by a JavaScript module's handler,
 * run in the gateway's process. `prepare` imports every module a deploy names (refusing it when
 * one is missing, fails to load or lacks its export); a redeploy reimports a module only when
 * its file changed, and the file's version is part of the cluster's fingerprint.
 */
@GatewayConnector({
  type: FUNCTION_TYPE,
  description: 'Answers with a local JavaScript module\'s handler, in the gateway process (x-portico-connector options.module)',
  options: FUNCTION_OPTIONS_SCHEMA,
  capabilities: { endpoints: 'none' },
})
@Injectable()
export class FunctionConnectorFactory extends ConnectorFactory {
  private readonly directory: string;
  private readonly modules = new HandlerModules();
  private readonly prepared = new WeakMap<ApiDefinition, PreparedModules>();

  constructor(@Inject(FUNCTION_CONNECTOR_OPTIONS) options: FunctionConnectorModuleOptions) {
    super();
    this.directory = resolve(options.directory);
  }

  override async prepare(api: ApiDefinition): Promise<readonly Problem[]> {
    const problems: Problem[] = [];
    const loaded = new Map<string, LoadedModule>();
    await Promise.all(functionUsesOf(api).map(async (use) => {
      const found = await this.load(use);
      if ('problem' in found) addOnce(problems, found.problem);
      else if (found.module !== undefined) loaded.set(found.name, found.module);
    }));
    this.prepared.set(api, loaded);
    return problems;
  }

  override validate(spec: ClusterSpec): readonly Problem[] {
    const { module } = functionOptionsOf(spec.options);
    return this.prepared.get(spec.api)?.has(module) === true
      ? []
      : [{ code: FUNCTION_PROBLEMS.moduleNotFound, message: `function module ${module} was not prepared for ${spec.api.name}:${spec.api.version}` }];
  }

  override create(spec: ClusterSpec): Connector {
    const options = functionOptionsOf(spec.options);
    const module = this.prepared.get(spec.api)?.get(options.module);
    const handler = module?.exports[options.export];
    if (module === undefined || typeof handler !== 'function') throw new DeployRejectedError(this.validate(spec));
    return new FunctionConnector({
      api: { name: spec.api.name, version: spec.api.version },
      module: options.module,
      handler: handler as FunctionHandler,
      maxBodyBytes: options.maxBodyBytes,
    });
  }

  /** A changed module file is a new cluster: the old one keeps serving the old code until the switch. */
  override fingerprint(spec: ClusterSpec): string {
    const file = this.prepared.get(spec.api)?.get(functionOptionsOf(spec.options).module)?.file;
    return createHash('sha256').update(super.fingerprint(spec)).update(`${file?.path}\n${file?.version}`).digest('hex');
  }

  /** One set's module, imported; nothing when its options are malformed (the gateway's option check reports those). */
  private async load(use: FunctionUse): Promise<{ readonly name: string; readonly module?: LoadedModule } | { readonly problem: Problem }> {
    const { module: name, export: exported = 'default' } = use.options;
    if (typeof name !== 'string' || name === '') return { name: '' };
    const at = `${use.optionLocation('module')}/module`;
    const located = await locateModule(this.directory, name);
    if ('problem' in located) return { problem: { ...located.problem, location: at } };
    const imported = await this.modules.load(located.file);
    if ('error' in imported) {
      return { problem: { code: FUNCTION_PROBLEMS.moduleInvalid, message: `function module ${name} could not be loaded: ${imported.error}`, location: at } };
    }
    if (typeof exported === 'string' && typeof imported.module.exports[exported] !== 'function') {
      return {
        problem: {
          code: FUNCTION_PROBLEMS.exportMissing,
          message: `function module ${name} has no function exported as ${exported}`,
          location: Object.hasOwn(use.options, 'export') ? `${use.optionLocation('export')}/export` : at,
        },
      };
    }
    return { name, module: imported.module };
  }
}

function addOnce(problems: Problem[], problem: Problem): void {
  if (!problems.some((p) => p.code === problem.code && p.message === problem.message && p.location === problem.location)) problems.push(problem);
}
