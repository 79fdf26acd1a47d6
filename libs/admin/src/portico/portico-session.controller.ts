import { Controller, Get, Req } from '@nestjs/common';
import type { AdminPrincipal } from '../auth/admin-principal.js';
import { AdminRoute } from '../http/admin-route.js';

/** Who the credentials of this request belong to (the dashboard's header shows it). */
@Controller('portico/v1/session')
export class PorticoSessionController {
  @Get()
  @AdminRoute({})
  whoAmI(@Req() request: { user?: AdminPrincipal }): { username: string; via: AdminPrincipal['via'] } {
    // The guard ran (AdminRoute without `public`): the user is set.
    const { username, via } = request.user as AdminPrincipal;
    return { username, via };
  }
}
