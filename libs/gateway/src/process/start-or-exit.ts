import type { DynamicModule } from '@nestjs/common';
import { type ProcessRole, StartupError } from '#core';
import type { GatewaySettings } from '#settings';
import { type RunningGateway, startGateway } from '../start-gateway.js';

export interface GatewayProcessOptions {
  /**
   * The gateway a process runs in its role, for an application composing its own modules:
   * `(role) => GatewayModule.forRoot({ settings, role, imports: [...] })`. Default: the standard
   * gateway on the settings.
   */
  readonly module?: (role: ProcessRole) => DynamicModule;
  /** Appended to the ready line (what an application wants its operator to know at start). */
  readonly readyNote?: string;
}

/** Starts the gateway (the standard one, or the application's module) in this role. */
export function startInRole(settings: GatewaySettings, role: ProcessRole, options: GatewayProcessOptions): Promise<RunningGateway> {
  return options.module === undefined ? startGateway(settings, { role }) : startGateway(options.module(role));
}

/** Starts the gateway in this role; a start an operator must fix ends the process with one line and its exit code. */
export async function startOrExit(settings: GatewaySettings, role: ProcessRole, options: GatewayProcessOptions = {}): Promise<RunningGateway> {
  try {
    return await startInRole(settings, role, options);
  } catch (error) {
    // A port in use or unreadable state: one line saying what to change, no stack trace.
    if (error instanceof StartupError) {
      // Plain, on stderr, not through the logger: the line must be there when the process has exited.
      process.stderr.write(`${error.message}\n`);
      process.exit(error.exitCode);
    }
    throw error;
  }
}

/** The line test kits and users read: the process to signal and the ports to call. */
export function readyLine(ports: { readonly http: number; readonly https?: number; readonly admin?: number }, note?: string): string {
  const { http, https, admin } = ports;
  return `ready (pid ${process.pid}): http :${http}${https ? `, https :${https}` : ''}${admin ? `, admin :${admin}` : ''}${note ? `; ${note}` : ''}`;
}
