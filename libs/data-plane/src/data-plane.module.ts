import { Module } from '@nestjs/common';
import { DATA_PLANE_STATS } from '#core';
import { DataPlaneServer } from './data-plane-server.js';

/** The data-plane listeners (SNAPSHOT_SOURCE comes from the gateway module); their open connections under DATA_PLANE_STATS for the metrics. */
@Module({ providers: [DataPlaneServer, { provide: DATA_PLANE_STATS, useExisting: DataPlaneServer }], exports: [DataPlaneServer, DATA_PLANE_STATS] })
export class DataPlaneModule {}
