// The SOAP scenario's figures (issue 19: "quote the figures", no goal): per mode and target the
// medians over the rounds, Portico / direct and (pass-through) Portico / nginx, and what the
// REST-to-SOAP mediation adds to Portico's CPU per request over passing the envelope through.
// Pure: rows in, numbers and text out.

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? a / b : null);

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
    cpuUsPerRequest: median(rows.map((r) => r.cpuUsPerRequest)),
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

function summarizeMode(rows) {
  if (rows.length === 0) return null;
  const [direct, nginx, portico] = ['direct', 'nginx', 'portico'].map((name) => summarizeTarget(rows.filter((r) => r.target === name)));
  return {
    direct,
    nginx,
    portico,
    versusDirect: { rpsRatio: ratio(portico?.rps, direct?.rps), roundRatios: roundRatios(rows, 'portico', 'direct') },
    versusNginx: nginx ? { rpsRatio: ratio(portico?.rps, nginx?.rps), cpuRatio: ratio(portico?.cpuUsPerRequest, nginx?.cpuUsPerRequest), roundRatios: roundRatios(rows, 'portico', 'nginx') } : null,
  };
}

export function summarizeSoap(rows) {
  const passThrough = summarizeMode(rows.filter((r) => r.mode === 'pass-through'));
  const restToSoap = summarizeMode(rows.filter((r) => r.mode === 'rest-to-soap'));
  const passCpu = passThrough?.portico?.cpuUsPerRequest;
  const restCpu = restToSoap?.portico?.cpuUsPerRequest;
  const mediation = typeof passCpu === 'number' && typeof restCpu === 'number' ? { passThroughCpuUs: passCpu, restToSoapCpuUs: restCpu, addedCpuUs: restCpu - passCpu } : null;
  const errors = rows.reduce((sum, r) => sum + r.errors, 0);
  return { 'pass-through': passThrough, 'rest-to-soap': restToSoap, mediation, errors };
}

const fixed = (v, digits) => (v === null || v === undefined ? '-' : v.toFixed(digits));
const times = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(2)}x`);
const perRound = (ratios) => (ratios.length > 1 ? ` (per round ${ratios.map((r) => r.toFixed(2)).join(', ')})` : '');

function table(mode) {
  const lines = ['  target        req/s (min-max)        p50 ms   p99 ms   proxy CPU us/req   errors'];
  for (const name of ['direct', 'nginx', 'portico']) {
    const t = mode[name];
    if (!t) continue;
    const range = t.runs > 1 ? `(${fixed(t.rpsMin, 0)}-${fixed(t.rpsMax, 0)})` : '';
    lines.push(`  ${name.padEnd(8)} ${fixed(t.rps, 0).padStart(8)} ${range.padEnd(17)} ${fixed(t.p50Ms, 1).padStart(8)} ${fixed(t.p99Ms, 1).padStart(8)} ${fixed(t.cpuUsPerRequest, 1).padStart(18)} ${String(t.errors).padStart(8)}`);
  }
  return lines;
}

export function formatSoapReport({ summary, options }) {
  const lines = [''];
  const pass = summary['pass-through'];
  const rest = summary['rest-to-soap'];
  const load = `${options.connections} connections, ${options.rounds} x ${options.duration} s, medians over rounds`;
  if (pass) {
    lines.push(`SOAP pass-through: a SOAP 1.1 PlaceOrder envelope POSTed (text/xml, SOAPAction) (${load})`, ...table(pass));
    lines.push(`  info  Portico / direct: ${times(pass.versusDirect.rpsRatio)} req/s${perRound(pass.versusDirect.roundRatios)}`);
    const n = pass.versusNginx;
    lines.push(n ? `  info  Portico / nginx: ${times(n.rpsRatio)} req/s${perRound(n.roundRatios)}, ${times(n.cpuRatio)} CPU per request` : '  info  Portico / nginx: nginx not measured');
  }
  if (rest) {
    if (pass) lines.push('');
    lines.push(`REST-to-SOAP: a JSON PlaceOrder POSTed to Portico's facade, against the envelope it sends POSTed directly (${load})`, ...table(rest));
    lines.push(`  info  Portico / direct: ${times(rest.versusDirect.rpsRatio)} req/s${perRound(rest.versusDirect.roundRatios)}; Portico ${fixed(rest.portico?.cpuUsPerRequest, 1)} CPU us/request`);
    lines.push('  info  the gateway converts JSON to XML and the answer back to JSON; the direct call does neither');
  }
  const m = summary.mediation;
  if (m) lines.push(`  info  mediation over pass-through: ${fixed(m.restToSoapCpuUs, 1)} vs ${fixed(m.passThroughCpuUs, 1)} CPU us/request (+${fixed(m.addedCpuUs, 1)})`);
  if (summary.errors > 0) lines.push('', `  WARNING  ${summary.errors} errors (socket errors, timeouts, non-2xx answers): do not quote these figures`);
  return lines.join('\n');
}
