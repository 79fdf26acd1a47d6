// What the interleaved-round scenarios (function, observability) report per target: medians over
// the rounds, and req/s ratios between two targets per round. Pure: rows in, numbers out.
import { median } from './summary.mjs';

export const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);

/** Gateway + backend CPU of one run: all the server-side work its requests cost. */
function serverCpu(row) {
  const parts = [row.cpuUsPerRequest, row.backendCpuUsPerRequest].filter((v) => typeof v === 'number');
  return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0);
}

/** One target's runs (rows of interleaved-rounds.mjs) as medians; null without runs. */
export function summarizeTarget(rows) {
  if (rows.length === 0) return null;
  const rps = rows.map((r) => r.rps);
  return {
    runs: rows.length,
    rps: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    p50Ms: median(rows.map((r) => r.p50Ms)),
    p99Ms: median(rows.map((r) => r.p99Ms)),
    gatewayCpuUsPerRequest: median(rows.map((r) => r.cpuUsPerRequest)),
    backendCpuUsPerRequest: median(rows.map((r) => r.backendCpuUsPerRequest)),
    serverCpuUsPerRequest: median(rows.map(serverCpu)),
    errors: rows.reduce((sum, r) => sum + r.errors, 0),
  };
}

/** Per round, `of`'s req/s over `to`'s. */
export function roundRatios(rows, of, to) {
  const ratios = [];
  for (const round of new Set(rows.map((r) => r.round))) {
    const a = rows.find((r) => r.round === round && r.target === of);
    const b = rows.find((r) => r.round === round && r.target === to);
    if (a && b?.rps) ratios.push(a.rps / b.rps);
  }
  return ratios;
}

const fixed = (v, digits) => (v === null || v === undefined ? '-' : v.toFixed(digits));

/** The per-target table of a report, targets in `order`. */
export function targetTable(targets, order) {
  const lines = ['  target             req/s (min-max)        p50 ms   p99 ms  gateway CPU us/req  backend CPU us/req   errors'];
  for (const name of order) {
    const t = targets[name];
    if (!t) continue;
    const range = t.runs > 1 ? `(${fixed(t.rpsMin, 0)}-${fixed(t.rpsMax, 0)})` : '';
    lines.push(
      `  ${name.padEnd(16)} ${fixed(t.rps, 0).padStart(8)} ${range.padEnd(17)} ${fixed(t.p50Ms, 1).padStart(8)} ${fixed(t.p99Ms, 1).padStart(8)} ${fixed(t.gatewayCpuUsPerRequest, 1).padStart(19)} ${fixed(t.backendCpuUsPerRequest, 1).padStart(19)} ${String(t.errors).padStart(8)}`,
    );
  }
  return lines;
}

export const times = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(2)}x`);
export const perRound = (ratios) => (ratios.length > 1 ? ` (per round ${ratios.map((r) => r.toFixed(2)).join(', ')})` : '');
