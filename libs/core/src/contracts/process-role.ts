/**
 * What this process is in a gateway run with `workers`: `single` (one process, data plane and
 * admin API), `primary` (admin API, deploy pipeline and store; its data plane does not listen) or
 * `worker` (data plane only; follows the deployments the primary commits, store read-only).
 */
export type ProcessRole = 'single' | 'primary' | 'worker';

/** Injection token of the `ProcessRole` (GatewayModule provides it; absent means `single`). */
export const PROCESS_ROLE = Symbol('portico.ProcessRole');
