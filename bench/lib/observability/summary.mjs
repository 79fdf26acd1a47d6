// The observability scenario's figures (issue 21): what the access log and the metrics cost a
// proxied GET. Goal: with both on (the default), ≥ 0.9x the req/s of both off, in the same run.
// Pure: rows in, numbers and text out.
import { median } from '../summary.mjs';
import { perRound, ratio, roundRatios, summarizeTarget, targetTable, times } from '../round-summary.mjs';
import { OBSERVABILITY_TARGETS } from './targets.mjs';

export const GOAL = 0.9;

export function summarizeObservability(rows, onCheck) {
  const targets = Object.fromEntries(OBSERVABILITY_TARGETS.map((name) => [name, summarizeTarget(rows.filter((r) => r.target === name))]));
  const on = targets['portico-on'];
  const off = targets['portico-off'];
  const versus = (of, to, ofName, toName) => (of && to ? { rpsRatio: ratio(of.rps, to.rps), roundRatios: roundRatios(rows, ofName, toName) } : null);
  const onVersusOff = versus(on, off, 'portico-on', 'portico-off');
  if (onVersusOff) {
    onVersusOff.gatewayCpuUsPerRequestAdded = on.gatewayCpuUsPerRequest - off.gatewayCpuUsPerRequest;
    // Judged on the median of the per-round ratios: on and off run back to back in a round, so a
    // slow spell of the machine weighs on both, where medians taken per target can pair a fast
    // round of one with a slow round of the other.
    onVersusOff.pairedRatio = median(onVersusOff.roundRatios);
    onVersusOff.goal = GOAL;
    onVersusOff.met = onVersusOff.pairedRatio >= GOAL;
  }
  const nginx = targets.nginx;
  const versusNginx = nginx
    ? {
        on: on ? { ...versus(on, nginx, 'portico-on', 'nginx'), cpuRatio: ratio(on.gatewayCpuUsPerRequest, nginx.gatewayCpuUsPerRequest) } : null,
        off: off ? { ...versus(off, nginx, 'portico-off', 'nginx'), cpuRatio: ratio(off.gatewayCpuUsPerRequest, nginx.gatewayCpuUsPerRequest) } : null,
      }
    : null;
  const errors = rows.reduce((sum, r) => sum + r.errors, 0);
  return { targets, onVersusOff, versusNginx, onCheck: onCheck ?? null, errors };
}

export function formatObservabilityReport({ summary, options }) {
  const load = `${options.connections} connections, ${options.rounds} x ${options.duration} s, medians over rounds`;
  const lines = ['', `Access log and metrics: GET /items, 1024-byte JSON, Portico with both off and both on (the default) (${load})`, ...targetTable(summary.targets, OBSERVABILITY_TARGETS)];
  const o = summary.onVersusOff;
  if (o) {
    const verdict = o.met ? 'PASS' : 'FAIL';
    lines.push(`  ${verdict}  on / off: ${times(o.pairedRatio)} req/s, median of the rounds${perRound(o.roundRatios)} (goal >= ${GOAL}x); ${times(o.rpsRatio)} between the targets' medians; ${o.gatewayCpuUsPerRequestAdded >= 0 ? '+' : ''}${o.gatewayCpuUsPerRequestAdded.toFixed(1)} gateway CPU us per request`);
  } else lines.push('  info  no on / off ratio: portico-on and portico-off were not both measured');
  const n = summary.versusNginx;
  if (n?.on) lines.push(`  info  on / nginx: ${times(n.on.rpsRatio)} req/s${perRound(n.on.roundRatios)}, ${times(n.on.cpuRatio)} CPU per request`);
  if (n?.off) lines.push(`  info  off / nginx: ${times(n.off.rpsRatio)} req/s${perRound(n.off.roundRatios)}, ${times(n.off.cpuRatio)} CPU per request (nginx with access_log off)`);
  const c = summary.onCheck;
  if (c) lines.push(`  info  portico-on recorded: ${c.requestsCounted} requests in portico_requests_total, ${c.accessLines} access log lines (scrape ${c.status})`);
  if (summary.errors > 0) lines.push('', `  WARNING  ${summary.errors} errors (socket errors, timeouts, non-2xx answers): do not quote these figures`);
  return lines.join('\n');
}
