// Medians over rounds, ratios and the goals (issue 2; issue 15 for the auth modes; issue 16 for
// get-lb; get-jwt-bjwt, issue 17, has a ratio but no goal), as JSON and as the printed report.
import { isAuthMode } from './auth-modes.mjs';
import { authGoals, formatAuth, summarizeAuth } from './auth-summary.mjs';
import { LB_MODE } from './lb-mode.mjs';
import { formatLb, lbGoals, summarizeLb } from './lb-summary.mjs';

export const GOALS = {
  getThroughputVsNginx: 0.5,
  p99OverDirectMs: 6,
  p99GoalConnections: 50,
};

export function median(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

const max = (values) => {
  const xs = values.filter((v) => typeof v === 'number');
  return xs.length ? Math.max(...xs) : null;
};
const min = (values) => {
  const xs = values.filter((v) => typeof v === 'number');
  return xs.length ? Math.min(...xs) : null;
};
const ratio = (a, b) => (a === null || b === null || b === undefined || b === 0 ? null : a / b);

function aggregateTarget(rows) {
  if (rows.length === 0) return undefined;
  return {
    runs: rows.length,
    rps: median(rows.map((r) => r.rps)),
    rpsMin: Math.min(...rows.map((r) => r.rps)),
    rpsMax: Math.max(...rows.map((r) => r.rps)),
    p50Ms: median(rows.map((r) => r.p50Ms)),
    p99Ms: median(rows.map((r) => r.p99Ms)),
    cpuUsPerRequest: median(rows.map((r) => r.cpuUsPerRequest)),
    cpuCores: median(rows.map((r) => r.cpuCores)),
    rssPeakMb: max(rows.map((r) => r.rssPeakMb)),
    errors: rows.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    // get-lb: the least any backend served in any run (each run already had to reach 40%).
    ...(rows.some((r) => r.backendShares) && { backendShareMin: min(rows.flatMap((r) => r.backendShares ?? [])) }),
  };
}

/** rows: every measured run; idle: { porticoRssMb, nginxRssMb } sampled before any load. */
export function summarize({ rows, options, idle }) {
  const modes = {};
  for (const mode of options.modes) {
    const targets = {};
    for (const name of options.only) {
      const agg = aggregateTarget(rows.filter((r) => r.mode === mode && r.target === name));
      if (agg) targets[name] = agg;
    }
    const { direct, nginx, portico } = targets;
    modes[mode] = {
      targets,
      porticoVsNginx: ratio(portico?.rps ?? null, nginx?.rps),
      porticoVsDirect: ratio(portico?.rps ?? null, direct?.rps),
      porticoP99OverDirectMs: portico && direct ? portico.p99Ms - direct.p99Ms : null,
      porticoRssIdleMb: idle.porticoRssMb,
      porticoRssPeakMb: portico?.rssPeakMb ?? null,
      porticoCpuUsPerRequest: portico?.cpuUsPerRequest ?? null,
    };
  }
  const auth = summarizeAuth(modes);
  const loadBalancing = summarizeLb(modes);
  return { modes, auth, loadBalancing, goals: [...evaluateGoals(modes, options), ...authGoals(auth), ...lbGoals(loadBalancing, options)] };
}

function evaluateGoals(modes, options) {
  const goals = [];
  const get = modes.get;
  if (get) {
    const value = get.porticoVsNginx;
    goals.push({
      goal: `GET throughput >= ${GOALS.getThroughputVsNginx}x nginx`,
      value: value === null ? null : Number(value.toFixed(3)),
      status: value === null ? 'SKIP' : value >= GOALS.getThroughputVsNginx ? 'PASS' : 'FAIL',
      note: value === null ? 'needs nginx and portico measured' : undefined,
    });
  }
  // Issue 2's latency goal is about proxying to one backend; the auth modes and get-lb are held to
  // their own goals (auth-summary.mjs, lb-summary.mjs), get-lb has no direct to compare with.
  for (const [mode, m] of Object.entries(modes).filter(([name]) => !isAuthMode(name) && name !== LB_MODE)) {
    const value = m.porticoP99OverDirectMs;
    const atGoalLoad = options.connections === GOALS.p99GoalConnections;
    goals.push({
      goal: `${mode.toUpperCase()} p99 within ${GOALS.p99OverDirectMs} ms of direct at ${GOALS.p99GoalConnections} connections`,
      value: value === null ? null : Number(value.toFixed(2)),
      status: value === null || !atGoalLoad ? 'SKIP' : value <= GOALS.p99OverDirectMs ? 'PASS' : 'FAIL',
      note: value === null ? 'needs direct and portico measured' : atGoalLoad ? undefined : `measured at ${options.connections} connections`,
    });
  }
  return goals;
}

const num = (v, digits = 1) => (v === null || v === undefined ? '-' : v.toFixed(digits));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

const MODE_TITLES = {
  get: 'GET /items (1 KiB JSON)',
  post: 'POST /echo (10 KiB JSON echoed)',
  'get-jwt': 'GET /items with a JWT access token per request (Portico: /secure/items, OAuth2)',
  'get-jwt-bjwt': 'GET /items with a JWT access token per request (Portico: /bench-bjwt/secure/items, OAuth2, backend JWT sent)',
  'get-apikey': 'GET /items with an API key per request (Portico: /key/items, apiKey header)',
  [LB_MODE]: 'GET /lb/items (1 KiB JSON) load balanced over two backends, round robin',
};

export function formatReport({ summary, options, loadName, memory }) {
  const out = [];
  for (const [mode, m] of Object.entries(summary.modes)) {
    if (Object.keys(m.targets).length === 0) continue; // an auth mode with no target of --auth-targets measured
    const pool = isAuthMode(mode) ? `, ${options.tokens} distinct credentials` : '';
    out.push('', `${MODE_TITLES[mode]}: ${options.connections} connections${pool}, ${options.duration} s x ${options.rounds} rounds (${loadName}), medians`);
    out.push(`  ${pad('target', 9)}${lpad('req/s', 9)}${lpad('(min-max)', 17)}${lpad('p50 ms', 9)}${lpad('p99 ms', 9)}${lpad('CPU us/req', 12)}${lpad('cores', 7)}${lpad('RSS peak MB', 13)}${lpad('errors', 8)}`);
    for (const [name, t] of Object.entries(m.targets)) {
      out.push(
        `  ${pad(name, 9)}${lpad(num(t.rps, 0), 9)}${lpad(`(${num(t.rpsMin, 0)}-${num(t.rpsMax, 0)})`, 17)}${lpad(num(t.p50Ms, 2), 9)}${lpad(num(t.p99Ms, 2), 9)}` +
          `${lpad(num(t.cpuUsPerRequest), 12)}${lpad(num(t.cpuCores, 2), 7)}${lpad(num(t.rssPeakMb, 0), 13)}${lpad(t.errors, 8)}`,
      );
    }
    out.push(
      `  Portico/nginx ${num(m.porticoVsNginx, 2)}x   Portico/direct ${num(m.porticoVsDirect, 2)}x   Portico p99 - direct p99 ${num(m.porticoP99OverDirectMs, 2)} ms`,
      `  Portico RSS idle ${num(m.porticoRssIdleMb, 0)} MB, peak ${num(m.porticoRssPeakMb, 0)} MB; CPU ${num(m.porticoCpuUsPerRequest)} us/request`,
    );
  }
  out.push(...formatAuth(summary.auth));
  out.push(...formatLb(summary.loadBalancing));
  out.push('', 'Goals (issue 2; the auth modes: issue 15; get-lb: issue 16):');
  for (const g of summary.goals) out.push(`  ${pad(g.status, 5)} ${g.goal}: ${g.value ?? '-'}${g.note ? ` (${g.note})` : ''}`);
  if (memory) {
    out.push('', `Memory check through Portico (${memory.bytes / 1024 / 1024} MB each way, RSS sampled every 50 ms):`);
    for (const [name, t] of [['upload  (POST /echo, streamed)', memory.upload], ['download (GET /large)', memory.download]]) {
      out.push(
        `  ${pad(name, 31)} ${t.ok ? 'ok  ' : 'FAIL'} ${num(t.seconds, 2)} s (${num(t.mbPerSecond, 0)} MB/s)  RSS before ${num(t.rssBeforeMb, 0)} MB, peak ${num(t.rssPeakMb, 0)} MB` +
          `${t.ok ? '' : `  [status ${t.status}, ${t.bytes} bytes${t.error ? `, ${t.error}` : ''}]`}`,
      );
    }
  }
  return out.join('\n');
}
