// #/apis/<name>/<version>: one API as deployed — where, its security, endpoint sets per key
// type, resources, warnings and the definition itself — and its undeploy.
/* global location -- browser globals */
import { apiPath, getJson, getText, request } from './admin-api.js';
import { confirmAction } from './confirm-dialog.js';
import { el, replaceChildren, timeEl } from './elements.js';
import { errorNotice, problemList } from './error-notice.js';

export function renderApiDetail(container, { params, events, announce }) {
  const { name, version } = params;
  let disposed = false;
  const heading = el('h1', { tabindex: '-1' }, `${name} `, el('span', { class: 'muted' }, version));
  const body = el('div', { 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'Loading…'));
  replaceChildren(container, el('p', { class: 'breadcrumb' }, el('a', { href: '#/apis' }, '← All APIs')), el('div', { class: 'view-heading' }, heading), body);

  async function load() {
    try {
      const [detail, definition] = await Promise.all([getJson(apiPath(name, version)), getText(`${apiPath(name, version)}/definition`).catch((error) => error)]);
      if (disposed) return;
      replaceChildren(body, ...sections(detail, definition));
    } catch (error) {
      if (disposed) return;
      replaceChildren(body, errorNotice(`${name} ${version} could not be loaded`, error));
    } finally {
      body.removeAttribute('aria-busy');
    }
  }

  function sections(detail, definition) {
    const definitionText = typeof definition === 'string' ? definition : undefined;
    return [
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'danger', onclick: undeploy }, 'Undeploy…')),
      summary(detail),
      section('Deployed to', targets(detail.targets)),
      section('Security', security(detail.security)),
      section('Endpoints', endpoints(detail.endpoints)),
      section(`Resources (${detail.resources.length})`, resources(detail.resources)),
      detail.warnings.length > 0 && section('Warnings', problemList(detail.warnings, 'Warnings')),
      section(
        `Definition (${detail.definitionFormat})`,
        definitionText === undefined ? errorNotice('The definition could not be read', definition) : el('pre', { class: 'definition', tabindex: '0', 'aria-label': 'Definition as deployed' }, el('code', {}, definitionText)),
      ),
    ];
  }

  async function undeploy() {
    const confirmed = await confirmAction({
      title: `Undeploy ${name} ${version}?`,
      message: 'It leaves every vhost and environment it is deployed to; its clients get 404 from now on.',
      confirmLabel: 'Undeploy',
    });
    if (!confirmed || disposed) return;
    try {
      await request(apiPath(name, version), { method: 'DELETE' });
      announce(`${name} ${version} was undeployed.`);
      location.hash = '#/apis';
    } catch (error) {
      body.prepend(errorNotice('Undeploy failed', error));
    }
  }

  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'resync' || ((event.type === 'api.deployed' || event.type === 'api.undeployed') && event.api?.name === name && event.api?.version === version)) load();
  });
  load();
  return () => {
    disposed = true;
    unsubscribe();
  };
}

let sections = 0;

/** A titled region (named by its heading, so assistive technology lists it). */
function section(title, content) {
  const id = `detail-section-${++sections}`;
  return el('section', { class: 'panel', 'aria-labelledby': id }, el('h2', { id }, title), content);
}

function summary(detail) {
  const item = (term, value) => [el('dt', {}, term), el('dd', {}, value)];
  return el(
    'dl',
    { class: 'facts' },
    item('Type', detail.type),
    item('Base path', el('code', {}, detail.basePath)),
    item('Connector', detail.connector),
    item('Lifecycle', detail.lifecycle),
    item('Default version', detail.isDefaultVersion ? 'yes' : 'no'),
    item('Deployed', [timeEl(detail.deployedAt), ` (${detail.origin === 'file' ? 'from the APIs folder' : 'through the admin API'})`]),
  );
}

function targets(list) {
  return table(['Environment', 'Vhost', 'Base path', 'Origin', 'Deployed at'], list.map((t) => [t.environment, t.vhost, el('code', {}, t.basePath), t.origin, timeEl(t.deployedAt)]));
}

function security(view) {
  if (!view) return el('p', { class: 'muted' }, 'Unknown.');
  const project = [
    view.projectSchemes.length > 0 && el('p', {}, `The project's api.yaml security schemes: ${view.projectSchemes.join(', ')}.`),
    view.mutualTls !== 'none' && el('p', {}, `Mutual TLS from clients: ${view.mutualTls}.`),
  ];
  if (view.open) return [el('p', {}, 'Open: consumer security is disabled (x-wso2-disable-security).'), ...project];
  return [
    el('p', {}, view.schemes.length > 1 ? 'Any one of:' : 'Requires:'),
    el('ul', {}, view.schemes.map((s) => el('li', {}, el('strong', {}, s.name), ` — ${s.description}`))),
    view.openOperations > 0 && el('p', {}, `${view.openOperations} operation${view.openOperations === 1 ? ' is' : 's are'} open (security disabled).`),
    ...project,
  ];
}

function endpoints(view) {
  const keyTypes = Object.keys(view);
  if (keyTypes.length === 0) return el('p', { class: 'muted' }, 'No API-level endpoints (mock, or set per resource).');
  return el('div', { class: 'endpoint-sets' }, keyTypes.map((keyType) => endpointSet(keyType, view[keyType])));
}

function endpointSet(keyType, set) {
  return el('div', { class: 'endpoint-set' }, el('h3', {}, `${keyType} keys`), el('p', {}, `Policy: ${set.policy}`), el('ul', {}, set.urls.map((url) => el('li', {}, el('code', {}, url)))));
}

function resources(list) {
  return table(
    ['Path', 'Methods', 'Own endpoints'],
    list.map((r) => [
      el('code', {}, r.path),
      r.methods.join(', '),
      r.endpoints ? Object.entries(r.endpoints).map(([keyType, set]) => el('div', {}, `${keyType}: ${set.urls.join(', ')} (${set.policy})`)) : '—',
    ]),
  );
}

function table(headings, rows) {
  return el(
    'div',
    { class: 'table-scroll' },
    el('table', {}, el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c)))))),
  );
}
