// The WebSocket scenario's figures and goals (issue 18): Portico's messages/s against the backend
// called directly (goal: at least half), and the RSS 1,000 idle connections add to Portico (goal:
// at most 100 MB). nginx, the native reference, is set beside both: Portico / nginx is reported,
// not a goal. Pure: rows and samples in, numbers and text out.
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
  const figures = idleFigures(idle);
  return { goal, ...figures, status: figures.allHeld && figures.extraMb <= IDLE_GOAL_MB ? 'PASS' : 'FAIL' };
}

/** What the held connections cost any proxy: extra RSS (held − before), per connection, after closing. */
export function idleFigures(idle) {
  const MB = 1024 * 1024;
  const extraMb = (idle.rssHeldBytes - idle.rssBeforeBytes) / MB;
  const allHeld = idle.opened === idle.requested && idle.droppedWhileHeld === 0;
  return {
    extraMb,
    kibPerConnection: idle.opened > 0 ? (extraMb * 1024) / idle.opened : null,
    afterCloseMb: (idle.rssAfterCloseBytes - idle.rssBeforeBytes) / MB,
    allHeld,
    ...(allHeld ? {} : { note: `${idle.opened} of ${idle.requested} opened, ${idle.droppedWhileHeld ?? 0} dropped while held` }),
  };
}

const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);

/** Portico against nginx on the medians: messages/s (higher is better) and CPU per message (lower is). */
export function versusNginx(nginx, portico) {
  return {
    messagesPerSecondRatio: ratio(portico?.messagesPerSecond, nginx?.messagesPerSecond),
    cpuPerMessageRatio: ratio(portico?.cpuUsPerMessage, nginx?.cpuUsPerMessage),
  };
}

/** Per round, `of`'s messages/s over `to`'s. */
function roundRatios(rows, of, to) {
  const ratios = [];
  for (const round of new Set(rows.map((r) => r.round))) {
    const a = rows.find((r) => r.round === round && r.target === of);
    const b = rows.find((r) => r.round === round && r.target === to);
    if (a && b?.messagesPerSecond) ratios.push(a.messagesPerSecond / b.messagesPerSecond);
  }
  return ratios;
}

/** idle: Portico's idle part (the goal); nginxIdle: nginx's, for comparison (either may be absent). */
export function summarizeWebsocket({ rows, idle, nginxIdle }) {
  const [direct, nginx, portico] = ['direct', 'nginx', 'portico'].map((name) => summarizeTarget(rows.filter((r) => r.target === name)));
  const throughput =
    rows.length > 0
      ? {
          direct,
          nginx,
          portico,
          roundRatios: roundRatios(rows, 'portico', 'direct'),
          goal: throughputGoal(direct, portico),
          versusNginx: nginx ? { ...versusNginx(nginx, portico), roundRatios: roundRatios(rows, 'portico', 'nginx') } : null,
        }
      : null;
  return {
    throughput,
    idle: idle ? { ...idle, goal: idleGoal(idle) } : null,
    nginxIdle: nginxIdle ? { ...nginxIdle, ...idleFigures(nginxIdle) } : null,
  };
}

const fixed = (v, digits) => (v === null || v === undefined ? '-' : v.toFixed(digits));

const times = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(2)}x`);

function formatVersusNginx(v) {
  if (!v) return 'Portico / nginx: nginx not measured';
  const perRound = v.roundRatios.map((r) => r.toFixed(2)).join(', ');
  return `Portico / nginx (reported, not a goal): ${times(v.messagesPerSecondRatio)} messages/s${perRound ? ` (per round ${perRound})` : ''}, ${times(v.cpuPerMessageRatio)} CPU per message`;
}

export function formatWebsocketReport({ summary, options }) {
  const lines = [''];
  const { throughput, idle } = summary;
  if (throughput) {
    lines.push(`WebSocket throughput: ${options.connections} connections x ${options.window} in flight, ${options.messageBytes}-byte text messages, ${options.rounds} x ${options.duration} s (medians over rounds)`);
    lines.push('  target     messages/s   p50 ms   p99 ms     proxy CPU us/msg   errors');
    for (const [name, t] of [['direct', throughput.direct], ['nginx', throughput.nginx], ['portico', throughput.portico]]) {
      if (!t) continue;
      lines.push(`  ${name.padEnd(8)} ${fixed(t.messagesPerSecond, 0).padStart(12)} ${fixed(t.p50Ms, 2).padStart(8)} ${fixed(t.p99Ms, 2).padStart(8)} ${fixed(t.cpuUsPerMessage, 1).padStart(20)} ${String(t.errors).padStart(8)}`);
    }
    const g = throughput.goal;
    const perRound = throughput.roundRatios.map((r) => r.toFixed(2)).join(', ');
    lines.push(`  ${g.status}  ${g.goal}: ${g.ratio === null ? '-' : `${g.ratio.toFixed(2)}x`}${perRound ? ` (per round ${perRound})` : ''}${g.note ? ` (${g.note})` : ''}`);
    lines.push(`  info  ${formatVersusNginx(throughput.versusNginx)}`);
  }
  if (idle) {
    const g = idle.goal;
    const MB = 1024 * 1024;
    lines.push('', `WebSocket idle connections through Portico: ${idle.opened} of ${idle.requested} opened in ${fixed(idle.openSeconds, 1)} s, held ${options.hold} s`);
    lines.push(`  Portico RSS: ${fixed(idle.rssBeforeBytes / MB, 1)} MB before, ${fixed(idle.rssHeldBytes / MB, 1)} MB held, ${fixed(idle.rssAfterCloseBytes / MB, 1)} MB after closing`);
    lines.push(`  ${g.status}  ${g.goal}: +${fixed(g.extraMb, 1)} MB (${fixed(g.kibPerConnection, 1)} KiB per connection)${g.note ? ` (${g.note})` : ''}`);
  }
  const n = summary.nginxIdle;
  if (n) {
    lines.push('', `WebSocket idle connections through nginx (for comparison): ${n.opened} of ${n.requested} opened in ${fixed(n.openSeconds, 1)} s, held ${options.hold} s`);
    lines.push(`  nginx RSS (master + worker): +${fixed(n.extraMb, 1)} MB held (${fixed(n.kibPerConnection, 1)} KiB per connection), ${fixed(n.afterCloseMb, 1)} MB above before after closing${n.note ? ` (${n.note})` : ''}`);
  }
  return lines.join('\n');
}
