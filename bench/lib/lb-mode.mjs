// The load-balanced mode (issue 16): the same GET of the 1 KiB body as `get`, to a resource whose
// production endpoints are two backend processes, round robin. Issue 16 wants it within 10% of
// the single-backend figure; a run that did not actually spread its requests over both backends
// would measure one backend under another name, so every run is checked (backend.mjs counts).

export const LB_MODE = 'get-lb';
/** The resource path behind Portico's and nginx's base path, and what the backends receive. */
export const LB_PREFIX = '/lb/';
export const LB_PATH = `${LB_PREFIX}items`;
/** Round robin gives each of the two backends half; less than this means it was not balanced. */
export const LB_MIN_SHARE = 0.4;

/** Two backends have no single "direct" figure to compare with: direct does not run this mode. */
export const LB_TARGETS = ['nginx', 'portico'];

/** The note for the log when direct is measured but left out of get-lb. */
export function lbSkipNote(options) {
  if (!options.modes.includes(LB_MODE) || !options.only.includes('direct')) return undefined;
  return `${LB_MODE}: direct skipped (two backends have no single direct figure; compare with Portico's own get)`;
}

/** The requests each backend (by port) has received so far, its /served answers excepted. */
export function readServed(ports) {
  return Promise.all(
    ports.map(async (port) => {
      const response = await fetch(`http://127.0.0.1:${port}/served`, { signal: AbortSignal.timeout(5000) });
      if (response.status !== 200) throw new Error(`backend on port ${port}: GET /served answered ${response.status}`);
      return (await response.json()).requests;
    }),
  );
}

/**
 * served: what each backend received during one run; answered: the responses the load generator
 * counted. Every answer must have come from the two backends, each serving at least LB_MIN_SHARE
 * of what they received together. Returns the shares.
 */
export function checkBalance({ targetName, served, answered, logFile }) {
  const total = served.reduce((sum, n) => sum + n, 0);
  const shares = served.map((n) => (total === 0 ? 0 : n / total));
  const where = logFile ? ` (see ${logFile})` : '';
  if (total < answered) {
    throw new Error(`${LB_MODE} ${targetName}: the backends received ${total} requests, fewer than the ${answered} answered${where}`);
  }
  if (shares.some((share) => share < LB_MIN_SHARE)) {
    const parts = served.map((n, i) => `${n} (${(shares[i] * 100).toFixed(1)}%)`).join(' + ');
    throw new Error(`${LB_MODE} ${targetName}: not balanced, the backends received ${parts}; each must have at least ${LB_MIN_SHARE * 100}%${where}`);
  }
  return shares;
}

/** Before any run: a few sequential GETs must already alternate between the backends. */
export async function checkBothBackendsServe(target, ports, requests = 10) {
  const before = await readServed(ports);
  for (let i = 0; i < requests; i++) {
    const response = await fetch(target.url(LB_MODE), { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${target.name}: GET ${target.url(LB_MODE)} answered ${response.status}; expected 200`);
  }
  const after = await readServed(ports);
  return checkBalance({ targetName: target.name, served: after.map((n, i) => n - before[i]), answered: requests, logFile: target.child?.logFile });
}
