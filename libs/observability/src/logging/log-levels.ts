import type { LogLevel } from '@nestjs/common';
import type { Level } from 'pino';

/** Nest's levels, most severe first (the order `logging.level` cuts at). */
export const NEST_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The pino level each Nest level is written at: `log` is pino's `info`, `verbose` its `trace`. */
export const PINO_LEVEL_OF: Readonly<Record<LogLevel, Level>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Audit records are written above every other level, so no `logging.level` filters them out.
 * Its JSON lines say `"level":"audit"`.
 */
export const AUDIT_LEVEL = { name: 'audit', value: 70 } as const;

/** `logging.level` as the list of Nest levels it enables: that level and every more severe one. */
export function levelsUpTo(level: LogLevel): LogLevel[] {
  return NEST_LEVELS.slice(0, NEST_LEVELS.indexOf(level) + 1);
}

/** The pino threshold that lets the least severe enabled level through (audit only when none is enabled). */
export function pinoThreshold(levels: ReadonlySet<LogLevel>): string {
  for (let i = NEST_LEVELS.length - 1; i >= 0; i--) if (levels.has(NEST_LEVELS[i])) return PINO_LEVEL_OF[NEST_LEVELS[i]];
  return AUDIT_LEVEL.name;
}
