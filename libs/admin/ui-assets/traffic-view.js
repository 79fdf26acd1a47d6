// #/traffic: request rate, error rate and latency percentiles per API over the last minutes,
// from the gateway's own metrics, refreshed every 10 s while the page is open.
import { API_BASE, getJson } from './admin-api.js';
import { el, replaceChildren } from './elements.js';
import { errorNotice } from './error-notice.js';
import { lineChart } from './line-chart.js';

const REFRESH_MS = 10000;
const WINDOWS = [5, 15, 30, 60];

export function renderTraffic(container) {
  let minutes = 15;
  let disposed = false;
  const summary = el('p', { class: 'muted', role: 'status' }, 'Loading…');
  const charts = el('div', { class: 'traffic', 'aria-busy': 'true' });
  const windowSelect = el('select', { id: 'traffic-window', onchange: () => { minutes = Number(windowSelect.value); load(); } }, WINDOWS.map((m) => el('option', { value: m, selected: m === minutes }, `last ${m} minutes`)));

  replaceChildren(
    container,
    el('div', { class: 'view-heading' }, el('h1', { tabindex: '-1' }, 'Traffic'), el('div', {}, el('label', { for: 'traffic-window' }, 'Show '), windowSelect)),
    summary,
    charts,
  );

  async function load() {
    try {
      const body = await getJson(`${API_BASE}/traffic?minutes=${minutes}`);
      if (disposed) return;
      const active = body.apis.filter((api) => api.points.some((p) => p.rps > 0));
      summary.textContent = body.apis.length === 0
        ? 'No traffic recorded yet.'
        : `${active.length} of ${body.apis.length} APIs had requests in the last ${minutes} minutes (points every ${body.intervalSeconds} s).`;
      replaceChildren(charts, body.apis.map(apiCharts));
    } catch (error) {
      if (disposed) return;
      summary.textContent = '';
      replaceChildren(charts, errorNotice(error.code === 'admin.metrics-disabled' ? 'Metrics are off' : 'The traffic could not be loaded', error));
    } finally {
      charts.removeAttribute('aria-busy');
    }
  }

  const refresh = setInterval(load, REFRESH_MS);
  load();
  return () => {
    disposed = true;
    clearInterval(refresh);
  };
}

function apiCharts(api) {
  const points = api.points;
  const rate = (v) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)}/s`;
  const percent = (v) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)} %`;
  const ms = (v) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
  return el(
    'section',
    { class: 'panel traffic-api', 'data-api': `${api.name} ${api.version}` },
    el('h2', {}, el('a', { href: `#/apis/${encodeURIComponent(api.name)}/${encodeURIComponent(api.version)}` }, `${api.name} ${api.version}`)),
    el(
      'div',
      { class: 'chart-row' },
      lineChart({ title: 'Requests', series: [{ label: 'rate', values: points.map((p) => p.rps), tone: 'a' }], format: rate }),
      // A 5xx share over no requests is no rate at all, not 0 %.
      lineChart({ title: 'Errors (5xx)', series: [{ label: 'share', values: points.map((p) => (p.rps > 0 ? p.errorRate : null)), tone: 'c' }], format: percent, floor: 0.05 }),
      lineChart({
        title: 'Latency',
        series: [
          { label: 'p50', values: points.map((p) => p.p50), tone: 'a' },
          { label: 'p95', values: points.map((p) => p.p95), tone: 'b' },
          { label: 'p99', values: points.map((p) => p.p99), tone: 'c' },
        ],
        format: ms,
        floor: 10,
      }),
    ),
  );
}
