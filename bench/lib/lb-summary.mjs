// What balancing over two backends costs (issue 16): get-lb's throughput and CPU per request
// against the same target's `get` (one backend) of the same run, and the goal it is held to.
import { LB_MODE } from './lb-mode.mjs';

export const LB_BASELINE_MODE = 'get';
/** Issue 16: "within 10% of the single-backend figure". */
export const LB_GOAL = 0.9;

const ratio = (a, b) => (a === undefined || b === undefined || a === null || b === null || b === 0 ? null : a / b);

/** modes: summarize()'s per-mode medians. Per target that ran get-lb; empty without get-lb. */
export function summarizeLb(modes) {
  const lb = modes[LB_MODE];
  if (!lb) return {};
  const summary = {};
  for (const [name, t] of Object.entries(lb.targets)) {
    const baseline = modes[LB_BASELINE_MODE]?.targets[name];
    summary[name] = {
      throughputVsGet: ratio(t.rps, baseline?.rps),
      rps: t.rps,
      getRps: baseline?.rps ?? null,
      cpuUsPerRequest: t.cpuUsPerRequest,
      getCpuUsPerRequest: baseline?.cpuUsPerRequest ?? null,
      cpuUsAddedPerRequest: typeof t.cpuUsPerRequest === 'number' && typeof baseline?.cpuUsPerRequest === 'number' ? t.cpuUsPerRequest - baseline.cpuUsPerRequest : null,
      backendShareMin: t.backendShareMin ?? null,
    };
  }
  return summary;
}

/** Issue 16's goal, on Portico; SKIP when get or get-lb was not measured on it. */
export function lbGoals(lb, options) {
  if (!options.modes.includes(LB_MODE)) return [];
  const value = lb.portico?.throughputVsGet ?? null;
  const goal = `${LB_MODE} throughput >= ${LB_GOAL}x Portico ${LB_BASELINE_MODE} (two backends within 10% of one)`;
  if (value === null) return [{ goal, value: null, status: 'SKIP', note: `needs ${LB_BASELINE_MODE} and ${LB_MODE} measured on portico` }];
  return [{ goal, value: Number(value.toFixed(3)), status: value >= LB_GOAL ? 'PASS' : 'FAIL' }];
}

const num = (v, digits = 1) => (v === null || v === undefined ? '-' : v.toFixed(digits));
const signed = (v) => (v === null ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(1)}`);
const percent = (v) => (v === null ? '-' : `${(v * 100).toFixed(1)}%`);

/** The report's lines for get-lb (empty when it was not measured); Portico first. */
export function formatLb(lb) {
  const entries = Object.entries(lb).sort(([a], [b]) => (a === 'portico' ? -1 : b === 'portico' ? 1 : 0));
  if (entries.length === 0) return [];
  const out = ['', `Load balancing (same run; ${LB_BASELINE_MODE} = the same GET to one backend, ${LB_MODE} = round robin over two):`];
  for (const [name, l] of entries) {
    out.push(
      `  ${name.padEnd(8)} ${num(l.throughputVsGet, 3)}x its get throughput (${num(l.rps, 0)} vs ${num(l.getRps, 0)} req/s)   ` +
        `CPU ${num(l.cpuUsPerRequest)} vs ${num(l.getCpuUsPerRequest)} us/request (${signed(l.cpuUsAddedPerRequest)})   smallest backend share ${percent(l.backendShareMin)}`,
    );
  }
  return out;
}
