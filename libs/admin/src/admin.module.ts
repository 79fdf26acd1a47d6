import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { PROCESS_ROLE, type ProcessRole } from '#core';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { MultipartModule } from '@nestjs/platform-fastify/multipart';
import { GatewaySettings } from '#settings';
import { AdapterApisController } from './adapter/adapter-apis.controller.js';
import { AdapterTokenController } from './adapter/adapter-token.controller.js';
import { DeploymentAuditInterceptor } from './audit/deployment-audit.interceptor.js';
import { AdminAuthGuard } from './auth/admin-auth.guard.js';
import { AdminCredentials } from './auth/admin-credentials.js';
import { AdminJwtVerifier } from './auth/admin-jwt-verifier.js';
import { AdminLogin } from './auth/admin-login.js';
import { AdminTokenKey } from './auth/admin-token-key.js';
import { AdminTokenService } from './auth/admin-token.service.js';
import { CredentialsGeneration } from './auth/credentials-generation.js';
import { BootDeployer } from './deploy/boot-deployer.js';
import { DefinitionReader } from './deploy/definition-reader.js';
import { DeployPipeline } from './deploy/deploy-pipeline.js';
import { AdminExceptionFilter } from './errors/admin-exception.filter.js';
import { AdminBodyParsers } from './http/admin-body-parsers.js';
import { AdminRequestGate } from './http/admin-request-gate.js';
import { MetricsController } from './portico/metrics.controller.js';
import { OpenApiController } from './portico/openapi.controller.js';
import { PorticoApisController } from './portico/portico-apis.controller.js';
import { PorticoBackendJwtController } from './portico/portico-backend-jwt.controller.js';
import { PorticoClustersController } from './portico/portico-clusters.controller.js';
import { PorticoConnectorsController } from './portico/portico-connectors.controller.js';
import { PorticoSoapOpenApiController } from './portico/portico-soap-openapi.controller.js';
import { PorticoSessionController } from './portico/portico-session.controller.js';
import { PorticoStoreController } from './portico/portico-store.controller.js';
import { PorticoTrafficController } from './portico/portico-traffic.controller.js';
import { DASHBOARD_ASSETS_DIR, DashboardAssets, DEFAULT_DASHBOARD_ASSETS_DIR } from './ui/dashboard-assets.js';
import { DashboardRoutes } from './ui/dashboard-routes.js';
import { WsdlBodyParser } from './portico/wsdl-body-parser.js';
import { DeploymentFollower } from './deploy/deployment-follower.js';
import { DeploymentStore } from './store/deployment-store.js';
import { FileDeploymentStore } from './store/file-deployment-store.js';
import { RedisDeploymentStore } from './store/redis/redis-deployment-store.js';

/**
 * The admin API: Choreo Connect's adapter API and Portico's own, the deploy pipeline and the
 * deployment store. Needs GatewaySettings, DEFINITION_LOADER, ROUTING_PUBLISHER, CLUSTER_DIRECTORY and BACKEND_JWT_KEYS (and, optionally, WSDL_OPENAPI_GENERATOR) from
 * global modules or from the modules given to `forRoot({ imports })`. Registers an
 * application-wide exception filter: the Nest application is the admin API.
 */
@Module({
  imports: [
    MultipartModule.registerAsync({
      useFactory: (settings: GatewaySettings) => ({ limits: { fileSize: settings.admin.maxUploadBytes, files: 1, fields: 10 } }),
      inject: [GatewaySettings],
    }),
  ],
  controllers: [AdapterTokenController, AdapterApisController, PorticoApisController, PorticoClustersController, PorticoConnectorsController, PorticoBackendJwtController, PorticoSoapOpenApiController, PorticoStoreController, PorticoSessionController, PorticoTrafficController, OpenApiController],
  providers: [
    { provide: DeploymentStore, useFactory: deploymentStore, inject: [GatewaySettings, { token: PROCESS_ROLE, optional: true }] },
    DeployPipeline,
    DeploymentFollower,
    BootDeployer,
    DefinitionReader,
    AdminCredentials,
    AdminLogin,
    CredentialsGeneration,
    { provide: AdminTokenKey, useFactory: (settings: GatewaySettings) => AdminTokenKey.load(settings), inject: [GatewaySettings] },
    AdminTokenService,
    AdminJwtVerifier,
    AdminAuthGuard,
    AdminBodyParsers,
    WsdlBodyParser,
    AdminRequestGate,
    // Adds its route itself: path and authentication are settings (see the class).
    MetricsController,
    // The dashboard (/ui): its files, and routes added to Fastify directly (see the class).
    {
      provide: DashboardAssets,
      useFactory: (settings: GatewaySettings, role: ProcessRole | undefined, dir: string | null) =>
        new DashboardAssets(settings.admin.enabled && role !== 'worker' ? (dir ?? DEFAULT_DASHBOARD_ASSETS_DIR) : undefined),
      inject: [GatewaySettings, { token: PROCESS_ROLE, optional: true }, { token: DASHBOARD_ASSETS_DIR, optional: true }],
    },
    DashboardRoutes,
    { provide: APP_FILTER, useClass: AdminExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: DeploymentAuditInterceptor },
  ],
  exports: [DeployPipeline, BootDeployer, DeploymentStore, DeploymentFollower, AdminTokenService, AdminAuthGuard],
})
export class AdminModule {
  static forRoot(options: { readonly imports?: ModuleMetadata['imports'] } = {}): DynamicModule {
    return { module: AdminModule, imports: options.imports ?? [] };
  }
}


/** A worker reads the primary's files; otherwise `deploymentStore.type` decides. */
function deploymentStore(settings: GatewaySettings, role: ProcessRole | undefined): DeploymentStore {
  if (role === 'worker') return new FileDeploymentStore(settings, { readOnly: true });
  return settings.deploymentStore.type === 'redis' ? new RedisDeploymentStore(settings) : new FileDeploymentStore(settings);
}
