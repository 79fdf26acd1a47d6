// The admin API as the dashboard uses it: same origin, the session cookie goes along. A 401
// means the session ended, so the browser goes back to the sign-in form.
/* global location -- browser globals */

export const API_BASE = '/portico/v1';

/** An admin API refusal: `{ status, code, message, problems? }` as the server wrote it. */
export class AdminApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `the admin API answered ${status}`);
    this.status = status;
    this.code = body?.code ?? `http.${status}`;
    this.problems = Array.isArray(body?.problems) ? body.problems : [];
  }
}

export async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...options, headers: { accept: 'application/json', ...options.headers } });
  } catch {
    throw new AdminApiError(0, { code: 'network', message: 'the gateway cannot be reached (network error)' });
  }
  if (response.status === 401) {
    location.assign('/ui/login');
    throw new AdminApiError(401, { code: 'admin.unauthorized', message: 'the session has ended' });
  }
  if (!response.ok) throw new AdminApiError(response.status, await errorBody(response));
  return response;
}

export async function getJson(path) {
  return (await request(path)).json();
}

export async function getText(path) {
  return (await request(path, { headers: { accept: '*/*' } })).text();
}

async function errorBody(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { message: `the admin API answered ${response.status} ${response.statusText}`.trim() };
  }
}

export function apiPath(name, version) {
  return `${API_BASE}/apis/${encodeURIComponent(name)}/${encodeURIComponent(version)}`;
}
