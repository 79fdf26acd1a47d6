// What authentication costs Portico (issue 15): each auth mode's throughput and CPU per request
// against Portico's own `get` of the same run, and the floor they are held to.
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
    auth[mode] = {
      credential: AUTH_MODES[mode].credential,
      throughputVsGet: ratio(portico?.rps, baseline?.rps),
      rps: portico?.rps ?? null,
      getRps: baseline?.rps ?? null,
      cpuUsPerRequest: portico?.cpuUsPerRequest ?? null,
      getCpuUsPerRequest: baseline?.cpuUsPerRequest ?? null,
      cpuUsAddedPerRequest: portico && baseline ? portico.cpuUsPerRequest - baseline.cpuUsPerRequest : null,
    };
  }
  return auth;
}

/** The floor (PASS/FAIL) for each auth mode; whether the aim is reached goes in the note. */
export function authGoals(auth) {
  return Object.entries(auth).map(([mode, a]) => {
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
      `  ${mode.padEnd(11)} ${num(a.throughputVsGet, 3)}x get throughput (${num(a.rps, 0)} vs ${num(a.getRps, 0)} req/s)   ` +
        `CPU ${num(a.cpuUsPerRequest)} vs ${num(a.getCpuUsPerRequest)} us/request (${signed(a.cpuUsAddedPerRequest)})`,
    );
  }
  return out;
}
