// The workers scenario's figures (issue 22): what a second data-plane worker buys. Goal: with
// `workers: 2`, >= 1.6x the req/s of `workers: 1` in the same run, on a machine with cores to
// spare (the backend, the load generator and nginx run on the same machine). CPU per request is
// summed over the primary and its workers. Pure: rows in, numbers and text out.
import { median } from '../summary.mjs';
import { perRound, ratio, roundRatios, summarizeTarget, targetTable, times } from '../round-summary.mjs';
import { WORKERS_TARGETS } from './targets.mjs';

export const GOAL = 1.6;
/** Two workers, the backend and the load generator each want a core: fewer and the goal cannot be judged. */
export const CORES_FOR_GOAL = 4;

export function summarizeWorkers(rows, { cpus }) {
  const targets = Object.fromEntries(WORKERS_TARGETS.map((name) => [name, summarizeTarget(rows.filter((r) => r.target === name))]));
  const one = targets['portico-1'];
  const two = targets['portico-2'];
  let twoVersusOne = null;
  if (one && two) {
    const rounds = roundRatios(rows, 'portico-2', 'portico-1');
    // Judged on the median of the per-round ratios: both run back to back in a round, so a slow
    // spell of the machine weighs on both.
    const pairedRatio = median(rounds);
    twoVersusOne = {
      rpsRatio: ratio(two.rps, one.rps),
      roundRatios: rounds,
      pairedRatio,
      gatewayCpuUsPerRequestAdded: two.gatewayCpuUsPerRequest - one.gatewayCpuUsPerRequest,
      goal: GOAL,
      met: pairedRatio >= GOAL,
      coresToSpare: cpus >= CORES_FOR_GOAL,
    };
  }
  const nginx = targets.nginx;
  const versusNginx = (of) => (of && nginx ? { rpsRatio: ratio(of.rps, nginx.rps), cpuRatio: ratio(of.gatewayCpuUsPerRequest, nginx.gatewayCpuUsPerRequest) } : null);
  const errors = rows.reduce((sum, r) => sum + r.errors, 0);
  return { cpus, targets, twoVersusOne, versusNginx: { one: versusNginx(one), two: versusNginx(two) }, errors };
}

export function formatWorkersReport({ summary, options }) {
  const load = `${options.connections} connections, ${options.rounds} x ${options.duration} s, medians over rounds`;
  const lines = [
    '',
    `Workers: GET /items, 1024-byte JSON, Portico with workers: 1 and workers: 2 (${load}); gateway CPU summed over the primary and its workers`,
    ...targetTable(summary.targets, WORKERS_TARGETS),
  ];
  const t = summary.twoVersusOne;
  if (t) {
    const verdict = !t.coresToSpare ? 'info' : t.met ? 'PASS' : 'FAIL';
    const cpu = `${t.gatewayCpuUsPerRequestAdded >= 0 ? '+' : ''}${t.gatewayCpuUsPerRequestAdded.toFixed(1)} gateway CPU us per request`;
    lines.push(`  ${verdict.padEnd(4)}  2 workers / 1: ${times(t.pairedRatio)} req/s, median of the rounds${perRound(t.roundRatios)} (goal >= ${GOAL}x); ${times(t.rpsRatio)} between the targets' medians; ${cpu}`);
    if (!t.coresToSpare) lines.push(`  note  ${summary.cpus} CPUs: the goal needs cores to spare (>= ${CORES_FOR_GOAL}: two workers, the backend, the load generator); this run cannot judge it`);
  } else lines.push('  info  no 2 / 1 ratio: portico-1 and portico-2 were not both measured');
  for (const [name, n] of [['1 worker', summary.versusNginx.one], ['2 workers', summary.versusNginx.two]]) {
    if (n) lines.push(`  info  ${name} / nginx: ${times(n.rpsRatio)} req/s, ${times(n.cpuRatio)} CPU per request (nginx: 1 worker process)`);
  }
  if (summary.errors > 0) lines.push('', `  WARNING  ${summary.errors} errors (socket errors, timeouts, non-2xx answers): do not quote these figures`);
  return lines.join('\n');
}
