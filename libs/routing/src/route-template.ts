/**
 * A resource template under one base path, split into the segments the route trie files it under
 * (spec §5.2), plus what is needed to build the upstream resource path (spec §5.4).
 *
 * `{param}` is one non-empty segment; a segment mixing text and parameters (`{name}.json`) is
 * matched by a small expression; a trailing `/*` matches the rest of the path or nothing. The
 * upstream resource path follows the template, not the request: its trailing slash is the
 * template's, parameters are substituted, and for `/*` the rest of the request path is appended.
 */
export type TemplateSegment =
  | { readonly kind: 'static'; readonly text: string }
  | { readonly kind: 'param' }
  /** `key` identifies equal patterns (`{a}.json` and `{b}.json` share one trie edge). */
  | { readonly kind: 'pattern'; readonly key: string; readonly regex: RegExp; readonly params: number };

const PARAM = /\{[^/{}]+\}/g;
const WHOLE_PARAM = /^\{[^/{}]+\}$/;

export class RouteTemplate {
  readonly segments: readonly TemplateSegment[];
  readonly wildcard: boolean;
  readonly paramCount: number;
  /** Literal pieces of the upstream resource path; captured values go between them. */
  private readonly pieces: readonly string[];

  constructor(basePath: string, template: string) {
    const path = withLeadingSlash(stripQuery(template));
    this.wildcard = path.endsWith('/*');
    const body = this.wildcard ? path.slice(0, -2) : path.replace(/\/+$/, '');
    const base = splitSegments(basePath).map((text): TemplateSegment => ({ kind: 'static', text }));
    const own = splitSegments(body).map(templateSegment);
    this.segments = [...base, ...own];
    this.paramCount = own.reduce((n, s) => n + (s.kind === 'param' ? 1 : s.kind === 'pattern' ? s.params : 0), 0);
    this.pieces = upstreamPieces(body, this.wildcard, !this.wildcard && path.length > 1 && path.endsWith('/'));
  }

  /** The upstream resource path for the values captured by the trie and the `/*` rest. */
  upstreamPath(captures: readonly string[], rest: string): string {
    const pieces = this.pieces;
    let out = pieces[0];
    for (let i = 1; i < pieces.length; i++) out += (i <= captures.length ? captures[i - 1] : rest) + pieces[i];
    return out;
  }
}

function templateSegment(text: string): TemplateSegment {
  if (!text.includes('{')) return { kind: 'static', text };
  if (WHOLE_PARAM.test(text)) return { kind: 'param' };
  let source = '^';
  let params = 0;
  let last = 0;
  for (const m of text.matchAll(PARAM)) {
    source += escapeRegex(text.slice(last, m.index)) + '(.+)';
    last = m.index + m[0].length;
    params++;
  }
  source += escapeRegex(text.slice(last)) + '$';
  return { kind: 'pattern', key: text.replace(PARAM, '{}'), regex: new RegExp(source), params };
}

/** `pet/{id}/x` → pieces ['/pet/', '/x'] (+ '' after a wildcard's rest); the trailing slash follows the template. */
function upstreamPieces(body: string, wildcard: boolean, trailingSlash: boolean): string[] {
  const pieces = body.split(PARAM);
  if (wildcard) pieces.push('');
  else if (trailingSlash) pieces[pieces.length - 1] += '/';
  return pieces;
}

/** Non-empty segments: requests have their slashes merged, so templates are read the same way. */
function splitSegments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function stripQuery(template: string): string {
  const q = template.indexOf('?');
  return q < 0 ? template : template.slice(0, q);
}

function withLeadingSlash(path: string): string {
  return path.startsWith('/') ? path : '/' + path;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
