import { Module } from '@nestjs/common';
import { BackendTls } from './backend-tls.js';

/** How the gateway dials backends, for Nest: backend TLS, built once from the settings. */
@Module({ providers: [BackendTls], exports: [BackendTls] })
export class UpstreamModule {}
