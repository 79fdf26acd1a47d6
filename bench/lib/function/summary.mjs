// The function scenario's figures (issue 20): per target the medians over the rounds, and what
// answering from a function handler costs against the backend called directly and against Portico
// proxying to it: req/s ratios (per round too) and CPU per request. Pure: rows in, numbers and text out.
import { median } from '../summary.mjs';
import { FUNCTION_TARGETS } from './options.mjs';

const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);

/** Gateway + backend CPU of one run: all the server-side work its requests cost. */
function serverCpu(row) {
  const parts = [row.cpuUsPerRequest, row.backendCpuUsPerRequest].filter((v) => typeof v === 'number');
  return parts.length === 0 ? null : parts.reduce((a, b) => a + b, 0);
}

function summarizeTarget(rows) {
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
function roundRatios(rows, of, to) {
  const ratios = [];
  for (const round of new Set(rows.map((r) => r.round))) {
    const a = rows.find((r) => r.round === round && r.target === of);
    const b = rows.find((r) => r.round === round && r.target === to);
    if (a && b?.rps) ratios.push(a.rps / b.rps);
  }
  return ratios;
}

export function summarizeFunction(rows) {
  const targets = Object.fromEntries(FUNCTION_TARGETS.map((name) => [name, summarizeTarget(rows.filter((r) => r.target === name))]));
  const { direct, 'portico-rest': rest, 'portico-function': fn } = targets;
  const versus = (of, to, ofName, toName) => (of && to ? { rpsRatio: ratio(of.rps, to.rps), roundRatios: roundRatios(rows, ofName, toName) } : null);
  const functionVersusDirect = versus(fn, direct, 'portico-function', 'direct');
  const functionVersusRest = versus(fn, rest, 'portico-function', 'portico-rest');
  // The handler answers in the gateway what the backend answers alone: compare their CPU per request.
  if (functionVersusDirect) functionVersusDirect.cpuRatio = ratio(fn.gatewayCpuUsPerRequest, direct.backendCpuUsPerRequest);
  if (functionVersusRest) {
    functionVersusRest.gatewayCpuRatio = ratio(fn.gatewayCpuUsPerRequest, rest.gatewayCpuUsPerRequest);
    functionVersusRest.serverCpuRatio = ratio(fn.serverCpuUsPerRequest, rest.serverCpuUsPerRequest);
  }
  const restVersusDirect = versus(rest, direct, 'portico-rest', 'direct');
  const errors = rows.reduce((sum, r) => sum + r.errors, 0);
  return { targets, functionVersusDirect, functionVersusRest, restVersusDirect, errors };
}

const fixed = (v, digits) => (v === null || v === undefined ? '-' : v.toFixed(digits));
const times = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(2)}x`);
const perRound = (ratios) => (ratios.length > 1 ? ` (per round ${ratios.map((r) => r.toFixed(2)).join(', ')})` : '');

function table(targets) {
  const lines = ['  target             req/s (min-max)        p50 ms   p99 ms  gateway CPU us/req  backend CPU us/req   errors'];
  for (const name of FUNCTION_TARGETS) {
    const t = targets[name];
    if (!t) continue;
    const range = t.runs > 1 ? `(${fixed(t.rpsMin, 0)}-${fixed(t.rpsMax, 0)})` : '';
    lines.push(
      `  ${name.padEnd(16)} ${fixed(t.rps, 0).padStart(8)} ${range.padEnd(17)} ${fixed(t.p50Ms, 1).padStart(8)} ${fixed(t.p99Ms, 1).padStart(8)} ${fixed(t.gatewayCpuUsPerRequest, 1).padStart(19)} ${fixed(t.backendCpuUsPerRequest, 1).padStart(19)} ${String(t.errors).padStart(8)}`,
    );
  }
  return lines;
}

export function formatFunctionReport({ summary, options }) {
  const load = `${options.connections} connections, ${options.rounds} x ${options.duration} s, medians over rounds`;
  const lines = ['', `Function connector: GET /items, the same 1024-byte JSON from each target (${load})`, ...table(summary.targets)];
  const d = summary.functionVersusDirect;
  if (d) lines.push(`  info  function / direct: ${times(d.rpsRatio)} req/s${perRound(d.roundRatios)}; ${times(d.cpuRatio)} CPU per request (the gateway's with the handler / the backend's alone)`);
  const r = summary.functionVersusRest;
  if (r) lines.push(`  info  function / rest: ${times(r.rpsRatio)} req/s${perRound(r.roundRatios)}; ${times(r.gatewayCpuRatio)} gateway CPU per request, ${times(r.serverCpuRatio)} gateway + backend`);
  const p = summary.restVersusDirect;
  if (p) lines.push(`  info  rest / direct: ${times(p.rpsRatio)} req/s${perRound(p.roundRatios)} (Portico's proxy on the same process, for reference)`);
  if (!d && !r) lines.push('  info  no ratios: portico-function and direct or portico-rest were not both measured');
  if (summary.errors > 0) lines.push('', `  WARNING  ${summary.errors} errors (socket errors, timeouts, non-2xx answers): do not quote these figures`);
  return lines.join('\n');
}
