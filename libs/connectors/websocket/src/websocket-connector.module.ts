import { Module } from '@nestjs/common';
import { WebSocketConnectorFactory } from './websocket-connector.factory.js';

@Module({ providers: [WebSocketConnectorFactory], exports: [WebSocketConnectorFactory] })
export class WebSocketConnectorModule {}
