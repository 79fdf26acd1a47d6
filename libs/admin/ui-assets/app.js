// The dashboard shell: hash routes to views, one event stream shared by them, one announcer.
/* global document, location, URLSearchParams, window, queueMicrotask -- browser globals */
import { API_BASE, getJson } from './admin-api.js';
import { el, replaceChildren } from './elements.js';
import { EventStream } from './event-stream.js';
import { renderApiDetail } from './api-detail-view.js';
import { renderApiList } from './api-list-view.js';
import { renderDeploy } from './deploy-view.js';
import { renderHealth } from './health-view.js';
import { renderTraffic } from './traffic-view.js';

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');
const events = new EventStream(document.getElementById('live-indicator'));

/** Reads the route from the hash: `#/apis?query=x`, `#/apis/<name>/<version>`, … */
function currentRoute() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : 'apis';
  const [path, search = ''] = hash.split('?');
  const segments = path.split('/').filter((s) => s !== '').map(decodeSegment);
  return { segments, query: new URLSearchParams(search) };
}

/** A malformed escape in a typed-in hash is kept as written (it then names no API). */
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function viewFor(segments) {
  const [first, ...rest] = segments;
  if (first === undefined || (first === 'apis' && rest.length === 0)) return { name: 'apis', render: renderApiList };
  if (first === 'apis' && rest.length === 2) return { name: 'apis', render: renderApiDetail, params: { name: rest[0], version: rest[1] } };
  if (first === 'deploy' && rest.length === 0) return { name: 'deploy', render: renderDeploy };
  if (first === 'health' && rest.length === 0) return { name: 'health', render: renderHealth };
  if (first === 'traffic' && rest.length === 0) return { name: 'traffic', render: renderTraffic };
  return { name: '', render: renderNotFound };
}

function renderNotFound(container) {
  replaceChildren(container, el('h1', { tabindex: '-1' }, 'Page not found'), el('p', {}, el('a', { href: '#/apis' }, 'Go to the APIs')));
}

const KEPT_ANNOUNCEMENTS = 5;

/** Adds a message to the polite live region; the last few stay, so quick successive changes are all read. */
function announce(text) {
  announcer.append(el('p', {}, text));
  while (announcer.childElementCount > KEPT_ANNOUNCEMENTS) announcer.firstElementChild.remove();
}

let cleanup;
let shownPath;

function show() {
  // The skip link and in-page anchors use plain fragments: those are not routes.
  if (location.hash !== '' && !location.hash.startsWith('#/')) return;
  const route = currentRoute();
  const view = viewFor(route.segments);
  const path = route.segments.join('/');
  for (const link of document.querySelectorAll('[data-route]')) {
    if (link.dataset.route === view.name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  cleanup?.();
  cleanup = undefined;
  const container = el('div', { class: 'view' });
  main.replaceChildren(container);
  const result = view.render(container, { params: view.params ?? {}, query: route.query, events, announce });
  if (typeof result === 'function') cleanup = result;
  // A new page (not a new search on the same page) moves focus to its heading, as a page load would.
  if (path !== shownPath) {
    shownPath = path;
    queueMicrotask(() => container.querySelector('h1')?.focus({ preventScroll: true }));
  }
}

/** Who is signed in, in the header (a failed read leaves it empty: the views say what went wrong). */
async function showUser() {
  try {
    const { username } = await getJson(`${API_BASE}/session`);
    document.getElementById('signed-in-as').textContent = `Signed in as ${username}`;
  } catch {
    // getJson already sends an expired session to the login page.
  }
}

window.addEventListener('hashchange', show);
events.start();
show();
void showUser();
