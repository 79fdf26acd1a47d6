import { Module } from '@nestjs/common';
import { DataPlaneServer } from './data-plane-server.js';

/** The data-plane listeners; SNAPSHOT_SOURCE comes from the gateway module. */
@Module({ providers: [DataPlaneServer], exports: [DataPlaneServer] })
export class DataPlaneModule {}
