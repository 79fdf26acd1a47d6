import { type DynamicModule, type LogLevel, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AdminEventsAdapter, AdminEventsGateway, AdminListener, BootDeployer } from '#admin';
import { type ConnectorFactory, GatewayListeners, listenFailure, PROCESS_ROLE, type ProcessRole, type TlsCredentials } from '#core';
import { DataPlaneServer } from '#data-plane';
import { PinoLogger } from '#observability';
import { GatewaySettings } from '#settings';
import { workerCount } from './cluster/worker-count.js';
import { GatewayModule, type GatewayModuleOptions } from './gateway.module.js';
import { listenerCredentials } from './listener-credentials.js';

export interface RunningGateway {
  readonly app: NestFastifyApplication;
  /**
   * The bound ports. A `primary` (workers) has no data-plane listener of its own: `http` is 0
   * there, and its workers report the ports they share (WorkerSupervisor). A `worker` has no admin.
   */
  readonly ports: { readonly http: number; readonly https?: number; readonly admin?: number };
  /** Ends the admin event streams and closes the admin listener only (close does it too): a primary stops deploys before it drains its workers. */
  closeAdminApi(): Promise<void>;
  /**
   * Stops accepting, drains in-flight requests, disposes clusters. `signal` is what asked for
   * the stop: on SIGTERM the data plane first keeps serving for `dataPlane.shutdownDelayMs`
   * with `/ready` at 503, so load balancers stop sending traffic before the listeners close.
   */
  close(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  /** With settings: extra connector factories (see GatewayModuleOptions). */
  readonly connectors?: readonly Type<ConnectorFactory>[];
  /** With settings: extra modules (see GatewayModuleOptions). */
  readonly imports?: GatewayModuleOptions['imports'];
  /**
   * Nest log levels, instead of those settings.logging.level enables (format and destination
   * still come from the settings). Without `log`, audit records stay out of the log too.
   */
  readonly logger?: LogLevel[];
  /** With settings: this process's role in a run with workers (see GatewayModuleOptions.role); default `single`. */
  readonly role?: ProcessRole;
}

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Fastify's own body limit when the settings are not known before the application is built (a
 * module given to startGateway). It is only a backstop: every body the admin API accepts is read
 * by its own parser, limited by `admin.maxUploadBytes` (see AdminBodyParsers).
 */
const BACKSTOP_BODY_LIMIT = 1024 * 1024 * 1024;

/**
 * Boot order (ARCHITECTURE §5): compose the modules, restore persisted deployments and
 * `config/apis`, publish the first snapshot, then open the data plane, then the admin API.
 * Give it settings (the gateway is composed with GatewayModule.forRoot), or your own root
 * module importing `GatewayModule.forRoot(…)` or `GatewayModule.forRootAsync(…)`.
 */
export async function startGateway(root: GatewaySettings | DynamicModule | Type, options: StartOptions = {}): Promise<RunningGateway> {
  const known = root instanceof GatewaySettings ? root : undefined;
  // They would be ignored: a module brings its own (GatewayModule.forRoot/forRootAsync take them).
  if (known === undefined && (options.connectors !== undefined || options.imports !== undefined)) {
    throw new Error('startGateway: connectors and imports go to GatewayModule.forRoot/forRootAsync when a module is given');
  }
  if (known === undefined && options.role !== undefined) throw new Error('startGateway: role goes to GatewayModule.forRoot/forRootAsync when a module is given');
  const module = root instanceof GatewaySettings ? GatewayModule.forRoot({ settings: root, connectors: options.connectors, imports: options.imports, role: options.role }) : root;
  const adminListener = new AdminListener();
  // Every `new Logger(context)` writes through the logger given here or to useLogger (Nest's logger is process-wide).
  let logger = known === undefined ? undefined : await PinoLogger.fromSettings(known, options.logger);
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ serverFactory: adminListener.serverFactory, bodyLimit: known?.admin.maxUploadBytes ?? BACKSTOP_BODY_LIMIT }),
    // Without settings yet, the log waits for the logger they describe (useLogger below flushes it).
    { logger: logger ?? [...LEVELS], bufferLogs: logger === undefined, abortOnError: false },
  ).catch(async (error: unknown) => {
    await logger?.close();
    throw error;
  });
  const settings = app.get(GatewaySettings);
  const role = app.get<ProcessRole>(PROCESS_ROLE, { strict: false });
  if (logger === undefined) {
    try {
      logger = await PinoLogger.fromSettings(settings, options.logger);
    } catch (error) {
      app.flushLogs();
      await app.close().catch(() => undefined);
      throw error;
    }
    app.useLogger(logger);
  }
  if (role === 'single' && workerCount(settings.workers) > 1) {
    // Forking is runGatewayProcess's (npm start): a gateway started here is one process whatever the setting says.
    new Logger('Portico').warn(`workers: ${String(settings.workers)} is not applied: startGateway runs one process; runGatewayProcess runs workers`);
  }
  const pinoLogger = logger;
  // The admin event stream (AdminEventsModule, in GatewayModule) needs this adapter.
  app.useWebSocketAdapter(new AdminEventsAdapter(app));
  let adminPort: number | undefined;
  try {
    await app.init();
    // In a primary too, though it does not listen: a development certificate is generated there
    // once, before the workers start, rather than by every worker at the same time.
    const certificates = await listenerCertificates(settings);
    await app.get(BootDeployer).restore();
    const listeners = app.get(GatewayListeners);
    let dataPlane: { http: number; https?: number } = { http: 0 };
    if (role !== 'primary') {
      dataPlane = await app.get(DataPlaneServer).listen(certificates.dataPlane);
      // The destination checks refuse endpoints that loop back to these ports, 0 in the settings or not.
      recordDataPlanePorts(listeners, settings, dataPlane);
    }
    if (settings.admin.enabled && role !== 'worker') {
      const { host, port, protocols, allowedClients } = settings.admin;
      try {
        adminPort = await adminListener.listen({ app, host, port, protocols, tls: certificates.admin, limits: settings.admin.limits, allowedClients });
        listeners.record({ setting: 'admin.port', host, port: adminPort });
      } catch (error) {
        throw listenFailure({ portSetting: 'admin.port', hostSetting: 'admin.host', host, port }, error);
      }
      new Logger('Admin').log(`admin API on ${host}:${adminPort} (${protocols})`);
    }
    const closeAdminApi = async (): Promise<void> => {
      // Open event streams would keep the admin listener from closing: they end first, with 1001.
      await app.get(AdminEventsGateway).close();
      await adminListener.close();
    };
    return {
      app,
      ports: { ...dataPlane, admin: adminPort },
      closeAdminApi,
      close: async (signal) => {
        await closeAdminApi();
        try {
          // Nest hands the signal on to beforeApplicationShutdown; its public type omits the parameter.
          await (app.close as (signal?: string) => Promise<void>).call(app, signal);
        } finally {
          // The lines of the shutdown itself are written before close resolves.
          await pinoLogger.close();
        }
      },
    };
  } catch (error) {
    await adminListener.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    await pinoLogger.close();
    throw error;
  }
}

/** Records the data plane's bound ports, for the destination checks (a primary records its workers' ports the same way). */
export function recordDataPlanePorts(listeners: GatewayListeners, settings: GatewaySettings, ports: { readonly http: number; readonly https?: number }): void {
  listeners.record({ setting: 'dataPlane.httpPort', host: settings.dataPlane.host, port: ports.http });
  if (ports.https !== undefined) listeners.record({ setting: 'dataPlane.httpsPort', host: settings.dataPlane.host, port: ports.https });
}

/** The certificates the enabled TLS listeners need; the admin one defaults to the data plane's. */
async function listenerCertificates(settings: GatewaySettings): Promise<{ dataPlane?: TlsCredentials; admin?: TlsCredentials }> {
  const adminTls = settings.admin.enabled && settings.admin.protocols !== 'http';
  const ownAdminCert = settings.admin.tls.certFile !== undefined || settings.admin.tls.keyFile !== undefined;
  const dataPlane =
    settings.dataPlane.httpsEnabled || (adminTls && !ownAdminCert)
      ? await listenerCredentials(settings, settings.dataPlane.tls, 'dataPlane')
      : undefined;
  if (!adminTls) return { dataPlane };
  return { dataPlane, admin: ownAdminCert ? await listenerCredentials(settings, settings.admin.tls, 'admin') : dataPlane };
}
