import { type LogLevel, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AdminListener, BootDeployer } from '#admin';
import { ADMIN_TLS, type ConnectorFactory, type TlsCredentials } from '#core';
import { DataPlaneServer } from '#data-plane';
import type { GatewaySettings } from '#settings';
import { GatewayModule, type GatewayModuleOptions } from './gateway.module.js';

export interface RunningGateway {
  readonly app: NestFastifyApplication;
  readonly ports: { readonly http: number; readonly https?: number; readonly admin?: number };
  /** Stops accepting, drains in-flight requests, disposes clusters. */
  close(): Promise<void>;
}

export interface StartOptions {
  readonly connectors?: readonly Type<ConnectorFactory>[];
  readonly imports?: GatewayModuleOptions['imports'];
  /** Nest log levels; default from settings.logging.level. `false` silences logging. */
  readonly logger?: LogLevel[] | false;
}

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Boot order (ARCHITECTURE §5): compose the modules, restore persisted deployments and
 * `config/apis`, publish the first snapshot, then open the data plane, then the admin API.
 */
export async function startGateway(settings: GatewaySettings, options: StartOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? LEVELS.slice(0, LEVELS.indexOf(settings.logging.level) + 1);
  const adminListener = new AdminListener();
  const app = await NestFactory.create<NestFastifyApplication>(
    GatewayModule.forRoot({ settings, connectors: options.connectors, imports: options.imports }),
    new FastifyAdapter({ serverFactory: adminListener.serverFactory, bodyLimit: settings.admin.maxUploadBytes }),
    { logger, abortOnError: false },
  );
  let adminPort: number | undefined;
  try {
    await app.init();
    await app.get(BootDeployer).restore();
    const dataPlane = await app.get(DataPlaneServer).listen();
    if (settings.admin.enabled) {
      adminPort = await adminListener.listen({
        app,
        host: settings.admin.host,
        port: settings.admin.port,
        protocols: settings.admin.protocols,
        tls: app.get<TlsCredentials>(ADMIN_TLS),
      });
      new Logger('Admin').log(`admin API on ${settings.admin.host}:${adminPort} (${settings.admin.protocols})`);
    }
    return {
      app,
      ports: { ...dataPlane, admin: adminPort },
      close: async () => {
        await adminListener.close();
        await app.close();
      },
    };
  } catch (error) {
    await adminListener.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    throw error;
  }
}
