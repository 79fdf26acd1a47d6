/**
 * Exit codes of the gateway process (sysexits(3)), so a supervisor can tell a start that
 * needs an operator from a crash worth retrying.
 */
export const EXIT_CODES = {
  /** The settings, or a port they name, cannot be used (EX_CONFIG). */
  config: 78,
  /** Persisted data cannot be read and nothing safe can replace it (EX_DATAERR). */
  data: 65,
} as const;

/**
 * A start that cannot succeed until an operator acts: a port in use, unreadable persisted
 * state. The message is one line that names the setting or file and what to do; the process
 * prints it without a stack trace (the trace would say nothing the message does not).
 */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

export interface ListenTarget {
  /** Setting path of the port, e.g. `dataPlane.httpPort`. */
  readonly portSetting: string;
  /** Setting path of the address, e.g. `dataPlane.host`. */
  readonly hostSetting: string;
  readonly host: string;
  readonly port: number;
}

/**
 * What a failed `listen()` means for the operator: a StartupError for the causes settings can
 * fix (port taken, privileged port, address not on this machine), else the error unchanged.
 */
export function listenFailure(target: ListenTarget, error: unknown): unknown {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  const address = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const { portSetting, hostSetting } = target;
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(
        `${portSetting}: ${address} is already in use (EADDRINUSE); choose another port or stop the process using it`,
        EXIT_CODES.config,
      );
    case 'EACCES':
      return new StartupError(
        `${portSetting}: ${address} cannot be opened (EACCES): ports below 1024 need privileges; choose a port from 1024 up or grant CAP_NET_BIND_SERVICE`,
        EXIT_CODES.config,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(
        `${hostSetting}: ${target.host} is not an address of this machine (${code}); use one of its addresses, or 0.0.0.0 for all`,
        EXIT_CODES.config,
      );
    default:
      return error;
  }
}
