import { loadSettings } from './settings-loader.js';
import type { GatewaySettings } from './gateway-settings.js';

/** The settings of this process: its arguments, environment and working directory. */
export function loadProcessSettings(): GatewaySettings {
  return loadSettings({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() });
}
