import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { type DeployInput, deploymentsOf, documentFormat, planDeploy, RecordSetBuilder, resolveTargets, toApiSource } from '#admin';
import { DEFINITION_LOADER, type DefinitionLoader, DeployRejectedError, type LoadedApi, type Problem, ROUTING_PUBLISHER, type RoutingPublisher } from '#core';
import { GatewaySettings } from '#settings';
import type { ValidationTarget } from './validation-targets.js';

export interface ValidationResult {
  readonly path: string;
  readonly ok: boolean;
  /** `name:version` once the definition could be read. */
  readonly api?: string;
  readonly problems: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/**
 * Validates artifacts the way the deploy pipeline does (load → targets → conflicts → prepare the
 * routing snapshot), then discards the snapshot: nothing is published or persisted. Artifacts
 * validated by one validator are checked against each other like the projects of `apisDir` at
 * boot (base path conflicts on a vhost).
 */
@Injectable()
export class ArtifactValidator {
  private readonly accepted = new RecordSetBuilder();

  constructor(
    private readonly settings: GatewaySettings,
    @Inject(DEFINITION_LOADER) private readonly loader: DefinitionLoader,
    @Inject(ROUTING_PUBLISHER) private readonly publisher: RoutingPublisher,
  ) {}

  async validate(target: ValidationTarget): Promise<ValidationResult> {
    let loaded: LoadedApi | undefined;
    try {
      const input = await deployInputOf(target);
      loaded = await this.loader.load(await toApiSource(input));
      const targets = resolveTargets(loaded.api, this.settings.environments);
      // Where the artifact lies only matters to persistence, which validation never reaches.
      const artifact = { kind: 'file', path: target.path, format: target.kind === 'zip' ? 'zip' : 'folder' } as const;
      const candidate = { loaded, targets, origin: 'file', artifact, deployedAt: new Date().toISOString() } as const;
      const prepared = await this.publisher.prepare(deploymentsOf(planDeploy([], candidate, true).records));
      await this.publisher.discard(prepared);
      this.accepted.add(candidate);
      return { path: target.path, ok: true, api: nameOf(loaded), problems: [], warnings: [...loaded.warnings, ...prepared.warnings] };
    } catch (error) {
      const named = loaded ? { api: nameOf(loaded) } : {};
      return { path: target.path, ok: false, ...named, problems: problemsOf(error), warnings: loaded?.warnings ?? [] };
    }
  }
}

/** A single definition file goes in as the admin API takes an uploaded document. */
async function deployInputOf(target: ValidationTarget): Promise<DeployInput> {
  if (target.kind !== 'document') return { kind: 'path', path: target.path, format: target.kind };
  const bytes = await readFile(target.path);
  return { kind: 'upload', bytes, format: documentFormat(bytes), name: basename(target.path) };
}

function nameOf(loaded: LoadedApi): string {
  return `${loaded.api.name}:${loaded.api.version}`;
}

function problemsOf(error: unknown): readonly Problem[] {
  if (error instanceof DeployRejectedError) return error.problems;
  return [{ code: 'artifact.unreadable', message: error instanceof Error ? error.message : String(error) }];
}
