/**
 * Headers of every `/ui` answer, pages, files, redirects and errors alike. The pages load only
 * their own files (no inline script or style, no other origin: the dashboard works air-gapped),
 * may not be framed (clickjacking), and leak no URL to another origin. `same-origin`, not
 * `no-referrer`: under `no-referrer` a browser sends `Origin: null` with the pages' own POSTs,
 * which the admin listener refuses as cross-origin.
 */
export const DASHBOARD_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

export const DASHBOARD_PREFIX = '/ui';

/** `/ui`, `/ui/…`, with or without a query. */
export function isDashboardUrl(url: string): boolean {
  const path = url.split('?')[0];
  return path === DASHBOARD_PREFIX || path.startsWith(`${DASHBOARD_PREFIX}/`);
}
