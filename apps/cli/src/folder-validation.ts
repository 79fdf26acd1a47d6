import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { GatewaySettings } from '#settings';
import { ArtifactValidator, type ValidationResult } from './artifact-validator.js';
import type { ValidationTarget } from './validation-targets.js';
import { ValidationModule } from './validation-module.js';

/**
 * Validates artifacts with the deploy's own steps (`validate`, and `diff` and `sync` before they
 * compare with the gateway), one at a time in order so a later one is checked against those
 * accepted before it. The gateway's parts write to dataDir (parse cache, generated keys): a check
 * leaves the gateway's data as it was, so they get a scratch directory instead.
 */
export async function validateTargets(settings: GatewaySettings, targets: readonly ValidationTarget[]): Promise<ValidationResult[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'portico-diff-'));
  settings.dataDir = scratch;
  try {
    const app = await NestFactory.createApplicationContext(ValidationModule.forRoot(settings), { logger: ['error'], abortOnError: false });
    try {
      const validator = app.get(ArtifactValidator);
      const results: ValidationResult[] = [];
      for (const target of targets) results.push(await validator.validate(target));
      return results;
    } finally {
      await app.close();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
