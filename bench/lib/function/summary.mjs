// The function scenario's figures (issue 20): per target the medians over the rounds, and what
// answering from a function handler costs against the backend called directly and against Portico
// proxying to it: req/s ratios (per round too) and CPU per request. Pure: rows in, numbers and text out.
import { perRound, ratio, roundRatios, summarizeTarget, targetTable, times } from '../round-summary.mjs';
import { FUNCTION_TARGETS } from './options.mjs';

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

export function formatFunctionReport({ summary, options }) {
  const load = `${options.connections} connections, ${options.rounds} x ${options.duration} s, medians over rounds`;
  const lines = ['', `Function connector: GET /items, the same 1024-byte JSON from each target (${load})`, ...targetTable(summary.targets, FUNCTION_TARGETS)];
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
