// #/apis: every deployed API, searchable, 50 to a page (the server pages; a server that returns
// everything is paged here), each row with where it is deployed and its security.
/* global location, URLSearchParams, history -- browser globals */
import { API_BASE, getJson } from './admin-api.js';
import { el, replaceChildren } from './elements.js';
import { securityLabel } from './security-label.js';
import { errorNotice } from './error-notice.js';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;

export function renderApiList(container, { query, events }) {
  const state = { query: query.get('query') ?? '', page: Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1) };
  let disposed = false;
  let loads = 0;
  let searchTimer;

  const search = el('input', { id: 'api-search', type: 'search', name: 'query', value: state.query, autocomplete: 'off', 'aria-describedby': 'api-search-hint' });
  const summary = el('p', { class: 'muted', id: 'api-count', role: 'status' }, 'Loading…');
  const results = el('div', { class: 'table-scroll' });
  const pager = el('nav', { class: 'pager', 'aria-label': 'Pages of APIs' });

  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.query = search.value.trim();
      state.page = 1;
      load();
    }, SEARCH_DELAY_MS);
  });

  replaceChildren(
    container,
    el('div', { class: 'view-heading' }, el('h1', { tabindex: '-1' }, 'APIs'), el('a', { class: 'button primary', href: '#/deploy' }, 'Deploy an API')),
    el(
      'form',
      { class: 'search', role: 'search', onsubmit: (e) => { e.preventDefault(); clearTimeout(searchTimer); state.query = search.value.trim(); state.page = 1; load(); } },
      el('label', { for: 'api-search' }, 'Search APIs'),
      search,
      el('span', { id: 'api-search-hint', class: 'muted' }, 'by name or base path'),
    ),
    summary,
    results,
    pager,
  );

  async function load() {
    const mine = ++loads;
    const hash = `#/apis${state.query || state.page > 1 ? `?${new URLSearchParams({ ...(state.query ? { query: state.query } : {}), ...(state.page > 1 ? { page: String(state.page) } : {}) })}` : ''}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    const offset = (state.page - 1) * PAGE_SIZE;
    const params = new URLSearchParams({ offset: String(offset), limit: String(PAGE_SIZE) });
    if (state.query) params.set('query', state.query);
    results.setAttribute('aria-busy', 'true');
    try {
      const body = await getJson(`${API_BASE}/apis?${params}`);
      if (disposed || mine !== loads) return;
      // A server without paging answers the whole list: take the page from it.
      const rows = body.list.length > PAGE_SIZE ? body.list.slice(offset, offset + PAGE_SIZE) : body.list;
      show(rows, body.total);
    } catch (error) {
      if (disposed || mine !== loads) return;
      replaceChildren(results, errorNotice('The APIs could not be loaded', error));
      summary.textContent = '';
      pager.replaceChildren();
    } finally {
      if (mine === loads) results.removeAttribute('aria-busy');
    }
  }

  function show(rows, total) {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (state.page > pages) {
      state.page = pages;
      load();
      return;
    }
    const first = (state.page - 1) * PAGE_SIZE + 1;
    summary.textContent = total === 0
      ? (state.query ? `No API matches “${state.query}”.` : 'No API is deployed yet.')
      : `${total} API${total === 1 ? '' : 's'}${state.query ? ` matching “${state.query}”` : ''}; showing ${first}–${first + rows.length - 1}.`;
    replaceChildren(results, rows.length === 0 ? null : table(rows));
    replaceChildren(
      pager,
      pages > 1 && [
        el('button', { type: 'button', disabled: state.page <= 1, onclick: () => go(state.page - 1) }, 'Previous page'),
        el('span', { 'aria-current': 'page' }, `Page ${state.page} of ${pages}`),
        el('button', { type: 'button', disabled: state.page >= pages, onclick: () => go(state.page + 1) }, 'Next page'),
      ],
    );
  }

  function go(page) {
    state.page = page;
    load().then(() => results.querySelector('a')?.focus());
  }

  function table(rows) {
    return el(
      'table',
      { class: 'api-table' },
      el('caption', { class: 'visually-hidden' }, 'Deployed APIs'),
      el('thead', {}, el('tr', {}, ['Name', 'Version', 'Vhosts', 'Environments', 'Base path', 'Connector', 'Security'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map(row)),
    );
  }

  function row(api) {
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, el('a', { href: `#/apis/${encodeURIComponent(api.name)}/${encodeURIComponent(api.version)}` }, api.name)),
      el('td', { 'data-label': 'Version' }, api.version),
      el('td', { 'data-label': 'Vhosts' }, [...new Set(api.targets.map((t) => t.vhost))].join(', ')),
      el('td', { 'data-label': 'Environments' }, [...new Set(api.targets.map((t) => t.environment))].join(', ')),
      el('td', { 'data-label': 'Base path' }, el('code', {}, api.basePath)),
      el('td', { 'data-label': 'Connector' }, api.connector),
      el('td', { 'data-label': 'Security' }, securityLabel(api.security)),
    );
  }

  let reloadTimer;
  const unsubscribe = events.subscribe((event) => {
    if (event.type !== 'api.deployed' && event.type !== 'api.undeployed' && event.type !== 'resync') return;
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(load, 300);
  });

  load();
  return () => {
    disposed = true;
    clearTimeout(searchTimer);
    clearTimeout(reloadTimer);
    unsubscribe();
  };
}
