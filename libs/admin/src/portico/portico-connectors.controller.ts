import { Controller, Get, Inject, Param } from '@nestjs/common';
import { CONNECTOR_CATALOGUE, type ConnectorCatalogue, type ConnectorDescription, printable } from '#core';
import { AdminHttpError } from '../errors/admin-errors.js';
import { AdminRoute } from '../http/admin-route.js';

/**
 * The connector types this gateway was composed with (built-in and extension modules): what a
 * definition may name in `x-portico-connector`, the options each takes (JSON Schema) and what it
 * can do, so tooling can check a definition before deploying it.
 */
@Controller('portico/v1/connectors')
export class PorticoConnectorsController {
  constructor(@Inject(CONNECTOR_CATALOGUE) private readonly catalogue: ConnectorCatalogue) {}

  @Get()
  @AdminRoute({})
  list(): { total: number; list: readonly ConnectorDescription[] } {
    const list = this.catalogue.list();
    return { total: list.length, list };
  }

  @Get(':type')
  @AdminRoute({})
  detail(@Param('type') type: string): ConnectorDescription {
    const found = this.catalogue.list().find((c) => c.type === type);
    if (found === undefined) throw new AdminHttpError('admin.connector-not-found', `no connector type ${printable(type, 64)} is registered`);
    return found;
  }
}
