// The WebSocket scenario's figures and goals (issue 18): Portico's messages/s against the backend
// called directly (goal: at least half), and the RSS 1,000 idle connections add to Portico (goal:
// at most 100 MB). Pure: rows and samples in, numbers and text out.
export const THROUGHPUT_GOAL_RATIO = 0.5;
export const IDLE_GOAL_MB = 100;

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Per target, the median over the rounds of each figure. */
function summarizeTarget(rows) {
  if (rows.length === 0) return null;
  return {
    runs: rows.length,
    messagesPerSecond: median(rows.map((r) => r.messagesPerSecond)),
    p50Ms: median(rows.map((r) => r.p50Ms)),
    p99Ms: median(rows.map((r) => r.p99Ms)),
    cpuUsPerMessage: median(rows.map((r) => r.cpuUsPerMessage)),
    errors: rows.reduce((sum, r) => sum + r.errors, 0),
  };
}

export function throughputGoal(direct, portico) {
  if (!direct?.messagesPerSecond || !portico?.messagesPerSecond) return { goal: `Portico >= ${THROUGHPUT_GOAL_RATIO}x direct messages/s`, ratio: null, status: 'NOT MEASURED' };
  const ratio = portico.messagesPerSecond / direct.messagesPerSecond;
  // Errors (a dropped connection, an altered echo) make the figure meaningless whatever it is.
  const clean = direct.errors === 0 && portico.errors === 0;
  return { goal: `Portico >= ${THROUGHPUT_GOAL_RATIO}x direct messages/s`, ratio, status: clean && ratio >= THROUGHPUT_GOAL_RATIO ? 'PASS' : 'FAIL', ...(clean ? {} : { note: 'errors during the runs' }) };
}

/**
 * idle: {requested, opened, failed, droppedWhileHeld, rssBeforeBytes, rssHeldBytes, rssAfterCloseBytes}.
 * The extra RSS is held − before; every requested connection must have been opened and held.
 */
export function idleGoal(idle) {
  const goal = `${idle?.requested ?? 1000} idle connections add <= ${IDLE_GOAL_MB} MB to Portico's RSS`;
  if (!idle) return { goal, extraMb: null, status: 'NOT MEASURED' };
  const MB = 1024 * 1024;
  const extraMb = (idle.rssHeldBytes - idle.rssBeforeBytes) / MB;
  const allHeld = idle.opened === idle.requested && idle.droppedWhileHeld === 0;
  return {
    goal,
    extraMb,
    kibPerConnection: idle.opened > 0 ? (extraMb * 1024) / idle.opened : null,
    afterCloseMb: (idle.rssAfterCloseBytes - idle.rssBeforeBytes) / MB,
    status: allHeld && extraMb <= IDLE_GOAL_MB ? 'PASS' : 'FAIL',
    ...(allHeld ? {} : { note: `${idle.opened} of ${idle.requested} opened, ${idle.droppedWhileHeld ?? 0} dropped while held` }),
  };
}

export function summarizeWebsocket({ rows, idle }) {
  const direct = summarizeTarget(rows.filter((r) => r.target === 'direct'));
  const portico = summarizeTarget(rows.filter((r) => r.target === 'portico'));
  const roundRatios = [];
  for (const round of new Set(rows.map((r) => r.round))) {
    const d = rows.find((r) => r.round === round && r.target === 'direct');
    const p = rows.find((r) => r.round === round && r.target === 'portico');
    if (d?.messagesPerSecond && p) roundRatios.push(p.messagesPerSecond / d.messagesPerSecond);
  }
  const throughput = rows.length > 0 ? { direct, portico, roundRatios, goal: throughputGoal(direct, portico) } : null;
  return { throughput, idle: idle ? { ...idle, goal: idleGoal(idle) } : null };
}

const fixed = (v, digits) => (v === null || v === undefined ? '-' : v.toFixed(digits));

export function formatWebsocketReport({ summary, options }) {
  const lines = [''];
  const { throughput, idle } = summary;
  if (throughput) {
    lines.push(`WebSocket throughput: ${options.connections} connections x ${options.window} in flight, ${options.messageBytes}-byte text messages, ${options.rounds} x ${options.duration} s (medians over rounds)`);
    lines.push('  target     messages/s   p50 ms   p99 ms   Portico CPU us/msg   errors');
    for (const [name, t] of [['direct', throughput.direct], ['portico', throughput.portico]]) {
      if (!t) continue;
      lines.push(`  ${name.padEnd(8)} ${fixed(t.messagesPerSecond, 0).padStart(12)} ${fixed(t.p50Ms, 2).padStart(8)} ${fixed(t.p99Ms, 2).padStart(8)} ${fixed(t.cpuUsPerMessage, 1).padStart(20)} ${String(t.errors).padStart(8)}`);
    }
    const g = throughput.goal;
    const perRound = throughput.roundRatios.map((r) => r.toFixed(2)).join(', ');
    lines.push(`  ${g.status}  ${g.goal}: ${g.ratio === null ? '-' : `${g.ratio.toFixed(2)}x`}${perRound ? ` (per round ${perRound})` : ''}${g.note ? ` (${g.note})` : ''}`);
  }
  if (idle) {
    const g = idle.goal;
    const MB = 1024 * 1024;
    lines.push('', `WebSocket idle connections through Portico: ${idle.opened} of ${idle.requested} opened in ${fixed(idle.openSeconds, 1)} s, held ${options.hold} s`);
    lines.push(`  Portico RSS: ${fixed(idle.rssBeforeBytes / MB, 1)} MB before, ${fixed(idle.rssHeldBytes / MB, 1)} MB held, ${fixed(idle.rssAfterCloseBytes / MB, 1)} MB after closing`);
    lines.push(`  ${g.status}  ${g.goal}: +${fixed(g.extraMb, 1)} MB (${fixed(g.kibPerConnection, 1)} KiB per connection)${g.note ? ` (${g.note})` : ''}`);
  }
  return lines.join('\n');
}
