// What authentication costs Portico (issue 15): each auth mode's throughput and CPU per request
// against Portico's own `get` of the same run, and the floor they are held to. A mode that adds
// something to another auth mode (get-jwt-bjwt: get-jwt plus the backend JWT, issue 17) is also
// compared with that mode of the same run; issue 17 sets no floor for it, so it has no goal.
import { AUTH_MODES, BASELINE_MODE, isAuthMode } from './auth-modes.mjs';

export const AUTH_GOALS = { floor: 0.8, aim: 0.95 };

const ratio = (a, b) => (a === undefined || b === undefined || a === null || b === null || b === 0 ? null : a / b);

/** modes: summarize()'s per-mode medians. One entry per auth mode measured on Portico. */
export function summarizeAuth(modes) {
  const baseline = modes[BASELINE_MODE]?.targets.portico;
  const auth = {};
  for (const [mode, m] of Object.entries(modes)) {
    if (!isAuthMode(mode)) continue;
    const portico = m.targets.portico;
    const { credential, comparedWith } = AUTH_MODES[mode];
    auth[mode] = {
      credential,
      throughputVsGet: ratio(portico?.rps, baseline?.rps),
      rps: portico?.rps ?? null,
      getRps: baseline?.rps ?? null,
      cpuUsPerRequest: portico?.cpuUsPerRequest ?? null,
      getCpuUsPerRequest: baseline?.cpuUsPerRequest ?? null,
      cpuUsAddedPerRequest: cpuDifference(portico, baseline),
      ...(comparedWith && { comparedWith: comparison(comparedWith, portico, modes[comparedWith]?.targets.portico) }),
    };
  }
  return auth;
}

const cpuDifference = (a, b) => (typeof a?.cpuUsPerRequest === 'number' && typeof b?.cpuUsPerRequest === 'number' ? a.cpuUsPerRequest - b.cpuUsPerRequest : null);

/** `portico` (one mode's Portico medians) against `other`, the Portico medians of `mode` in the same run. */
function comparison(mode, portico, other) {
  return {
    mode,
    throughput: ratio(portico?.rps, other?.rps),
    rps: other?.rps ?? null,
    cpuUsPerRequest: other?.cpuUsPerRequest ?? null,
    cpuUsAddedPerRequest: cpuDifference(portico, other),
  };
}

/** The floor (PASS/FAIL) for each auth mode; whether the aim is reached goes in the note. */
export function authGoals(auth) {
  const held = Object.entries(auth).filter(([, a]) => a.comparedWith === undefined);
  return held.map(([mode, a]) => {
    const value = a.throughputVsGet;
    const goal = `${mode} throughput >= ${AUTH_GOALS.floor}x Portico get (aim ${AUTH_GOALS.aim}x)`;
    if (value === null) return { goal, value: null, status: 'SKIP', note: `needs ${BASELINE_MODE} and ${mode} measured on portico` };
    const aim = value >= AUTH_GOALS.aim ? 'aim reached' : `below the ${AUTH_GOALS.aim}x aim`;
    return { goal, value: Number(value.toFixed(3)), status: value >= AUTH_GOALS.floor ? 'PASS' : 'FAIL', note: aim };
  });
}

const num = (v, digits = 1) => (v === null || v === undefined ? '-' : v.toFixed(digits));
const signed = (v) => (v === null ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(1)}`);

/** The report's lines for the auth modes (empty when none was measured on Portico). */
export function formatAuth(auth) {
  const entries = Object.entries(auth).filter(([, a]) => a.rps !== null);
  if (entries.length === 0) return [];
  const out = ['', `Authentication cost (Portico, same run; ${BASELINE_MODE} = the same GET without credentials):`];
  for (const [mode, a] of entries) {
    out.push(
      `  ${mode.padEnd(12)} ${num(a.throughputVsGet, 3)}x get throughput (${num(a.rps, 0)} vs ${num(a.getRps, 0)} req/s)   ` +
        `CPU ${num(a.cpuUsPerRequest)} vs ${num(a.getCpuUsPerRequest)} us/request (${signed(a.cpuUsAddedPerRequest)})`,
    );
    const c = a.comparedWith;
    if (c && c.rps !== null) {
      out.push(
        `  ${''.padEnd(12)} ${num(c.throughput, 3)}x ${c.mode} throughput (${num(a.rps, 0)} vs ${num(c.rps, 0)} req/s)   ` +
          `CPU ${num(a.cpuUsPerRequest)} vs ${num(c.cpuUsPerRequest)} us/request (${signed(c.cpuUsAddedPerRequest)})`,
      );
    }
  }
  return out;
}
