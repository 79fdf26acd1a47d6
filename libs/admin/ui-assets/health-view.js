// #/health: each live cluster with its members' state (healthy, unhealthy by probes, ejected by
// outlier detection), panic mode and in-flight figures; state changes arrive over the event
// stream and are applied in place, and said aloud through the polite live region.
import { API_BASE, getJson } from './admin-api.js';
import { badge, el, replaceChildren, timeEl } from './elements.js';
import { errorNotice } from './error-notice.js';

const REFRESH_MS = 10000;
const STATE_TONES = { healthy: 'ok', unhealthy: 'bad', ejected: 'warn' };

export function renderHealth(container, { events, announce }) {
  let clusters = [];
  let disposed = false;
  let reloadTimer;
  const summary = el('p', { class: 'muted', role: 'status' }, 'Loading…');
  const list = el('div', { class: 'clusters', 'aria-busy': 'true' });
  replaceChildren(container, el('h1', { tabindex: '-1' }, 'Health'), summary, list);

  async function load() {
    try {
      const body = await getJson(`${API_BASE}/clusters`);
      if (disposed) return;
      clusters = body.list;
      render();
    } catch (error) {
      if (!disposed) replaceChildren(list, errorNotice('The clusters could not be loaded', error));
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  function render() {
    const down = clusters.flatMap((c) => c.members).filter((m) => m.state !== 'healthy').length;
    const members = clusters.reduce((n, c) => n + c.members.length, 0);
    summary.textContent = clusters.length === 0
      ? 'No live upstream clusters.'
      : `${clusters.length} cluster${clusters.length === 1 ? '' : 's'}, ${members} member${members === 1 ? '' : 's'}, ${down === 0 ? 'all healthy' : `${down} out of rotation`}.`;
    replaceChildren(list, clusters.map(clusterSection));
  }

  function apply(event) {
    if (event.type === 'endpoint.health' || event.type === 'cluster.panic') {
      const cluster = clusters.find((c) => c.id === event.cluster);
      const member = cluster?.members.find((m) => m.url === event.member);
      if (event.type === 'endpoint.health' && member) {
        Object.assign(member, { state: event.to, since: event.at, lastError: event.lastError ?? member.lastError, ejectedUntil: event.ejectedUntil });
        if (event.to === 'ejected') member.ejections += 1;
        announce(`${event.api.name} ${event.api.version}: ${event.member} is ${event.to} (${event.cause}).`);
        render();
        return;
      }
      if (event.type === 'cluster.panic' && cluster) {
        cluster.panic = event.panic;
        announce(`${event.api.name} ${event.api.version}: panic mode ${event.panic ? 'on' : 'off'} (${event.available} of ${event.members} members available).`);
        render();
        return;
      }
    }
    if (['endpoint.health', 'cluster.panic', 'api.deployed', 'api.undeployed', 'cluster.drained', 'resync'].includes(event.type)) {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(load, 200);
    }
  }

  const unsubscribe = events.subscribe(apply);
  const refresh = setInterval(load, REFRESH_MS);
  load();
  return () => {
    disposed = true;
    clearInterval(refresh);
    clearTimeout(reloadTimer);
    unsubscribe();
  };
}

function clusterSection(cluster) {
  const titleId = `cluster-${cluster.id}`;
  return el(
    'section',
    { class: 'panel cluster', 'data-cluster': cluster.id, 'aria-labelledby': titleId },
    el(
      'h2',
      { id: titleId },
      el('a', { href: `#/apis/${encodeURIComponent(cluster.api.name)}/${encodeURIComponent(cluster.api.version)}` }, `${cluster.api.name} ${cluster.api.version}`),
      ' ',
      el('span', { class: 'muted' }, cluster.endpointSets.join(', ')),
    ),
    el(
      'p',
      { class: 'cluster-facts' },
      cluster.panic ? badge('panic mode: traffic to every member', 'bad') : badge('normal', 'ok'),
      ` ${cluster.connectorType} · ${cluster.policy} · ${cluster.balancer} · health checks ${cluster.healthChecks} · ${cluster.activeRequests} in flight · ${cluster.activeRetries} retrying · id `,
      el('code', {}, cluster.id),
    ),
    membersTable(cluster.members),
  );
}

function membersTable(members) {
  if (members.length === 0) return el('p', { class: 'muted' }, 'No members: the connector answers by itself (no backend to check).');
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'members' },
      el('thead', {}, el('tr', {}, ['Member', 'State', 'Since', 'Last error', 'Ejections', 'In flight', 'Latency'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, members.map(memberRow)),
    ),
  );
}

function memberRow(member) {
  return el(
    'tr',
    { 'data-member': member.url, 'data-state': member.state },
    el('th', { scope: 'row' }, el('code', {}, member.url)),
    el('td', {}, badge(member.state, STATE_TONES[member.state] ?? 'neutral'), member.ejectedUntil && member.state === 'ejected' ? [' until ', timeEl(member.ejectedUntil)] : null),
    el('td', {}, member.since ? timeEl(member.since) : 'start'),
    el('td', { class: 'last-error' }, member.lastError ? [member.lastError, member.lastErrorAt ? [' (', timeEl(member.lastErrorAt), ')'] : null] : '—'),
    el('td', {}, String(member.ejections)),
    el('td', {}, String(member.activeRequests)),
    el('td', {}, member.averageLatencyMs > 0 ? `${member.averageLatencyMs.toFixed(1)} ms` : '—'),
  );
}
