import { Injectable } from '@nestjs/common';
import { GatewaySettings } from './gateway-settings.js';

/**
 * Secrets a definition names by environment variable (`passwordEnv`, `valueEnv`,
 * `clientSecretEnv`), read when an API deploys. Only variables under `upstream.secretEnvPrefix`
 * can be named, so whoever deploys definitions cannot have the gateway send its own secrets (the
 * admin password, say) to a backend of their choosing.
 */
@Injectable()
export class BackendSecrets {
  constructor(private readonly settings: GatewaySettings) {}

  get prefix(): string {
    return this.settings.upstream.secretEnvPrefix;
  }

  /** The variable's value; `refused` when its name is outside the prefix, `missing` when it is not set. */
  read(name: string): { readonly value: string } | { readonly problem: 'refused' | 'missing' } {
    if (!name.startsWith(this.prefix)) return { problem: 'refused' };
    const value = process.env[name];
    return value === undefined ? { problem: 'missing' } : { value };
  }
}
