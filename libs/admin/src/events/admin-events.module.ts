import { Module } from '@nestjs/common';
import { AdminModule } from '../admin.module.js';
import { AdminEventsGateway } from './admin-events.gateway.js';
import { EventsHandshake } from './events-handshake.js';

/**
 * The admin event stream (`GET /portico/v1/events`). Needs GATEWAY_EVENTS from a global module
 * and AdminEventsAdapter installed as the application's WebSocket adapter (startGateway does
 * both), so it is composed apart from AdminModule, which works without either.
 */
@Module({
  imports: [AdminModule],
  providers: [EventsHandshake, AdminEventsGateway],
  exports: [AdminEventsGateway],
})
export class AdminEventsModule {}
