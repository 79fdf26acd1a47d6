const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** Longest admin token lifetime, whatever the settings say (as Choreo Connect's adapter, spec §4.2). */
export const MAX_TOKEN_TTL_MS = 24 * 3_600_000;

/** `1h`, `30m`, `90s`, `500ms` → milliseconds, capped at 24h. */
export function parseTokenTtl(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`admin.tokenTtl: expected a number followed by ms, s, m or h (got ${JSON.stringify(text)})`);
  return Math.min(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS], MAX_TOKEN_TTL_MS);
}
