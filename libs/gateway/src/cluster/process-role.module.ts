import { type DynamicModule, Global, Module } from '@nestjs/common';
import { PROCESS_ROLE, type ProcessRole } from '#core';

/**
 * Makes this process's role (`single`, `primary` or `worker`) injectable everywhere: the admin
 * lib opens the deployment store read-only in a worker, the metrics share or aggregate by it.
 */
@Global()
@Module({})
export class ProcessRoleModule {
  static forRoot(role: ProcessRole): DynamicModule {
    return { module: ProcessRoleModule, providers: [{ provide: PROCESS_ROLE, useValue: role }], exports: [PROCESS_ROLE] };
  }
}
