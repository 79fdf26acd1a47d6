// Builds DOM nodes from data. Text always goes in as text nodes, never parsed as HTML, so a
// name or message from the server can never become markup.
/* global document, Node -- browser globals */

/**
 * el('a', { href: '#/apis', class: 'x' }, 'text', child…): attributes (false/undefined skipped,
 * `on<event>` functions become listeners) and children (strings, numbers, nodes, arrays, null).
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  applyAttributes(node, attributes);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  applyAttributes(node, attributes);
  append(node, children);
  return node;
}

function applyAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces a node's children. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A date as the operator's locale shows it, with the exact ISO time as the tooltip. */
export function timeEl(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return el('time', { datetime: iso, title: iso }, Number.isNaN(date.getTime()) ? iso : date.toLocaleString());
}

/** A state in words and colour (the colour is never the only signal). */
export function badge(text, tone) {
  return el('span', { class: `badge badge-${tone}` }, text);
}
