import { Module } from '@nestjs/common';
import { Tracer } from './tracer.js';

/** The tracer; ObservabilityModule lists it among the request observers only while `tracing.enabled`. */
@Module({ providers: [Tracer], exports: [Tracer] })
export class TracingModule {}
