/**
 * A resource template compiled for matching and upstream rewriting (spec §5.2, §5.4).
 * `{param}` matches one non-empty segment; a trailing `/*` matches the rest of the path (or
 * nothing); otherwise one optional trailing slash is allowed. The upstream resource path follows
 * the template, not the request: its trailing slash is the template's.
 */
export class RoutePattern {
  readonly paramCount: number;
  readonly wildcard: boolean;
  /** Literal pieces of the upstream path; captures go between them. */
  private readonly pieces: readonly string[];
  private readonly regex: RegExp;

  constructor(basePath: string, template: string) {
    const path = stripQuery(template);
    this.wildcard = path.endsWith('/*');
    const body = this.wildcard ? path.slice(0, -2) : path.replace(/\/+$/, '');
    const segments = body.split(/(\{[^/{}]+\})/);
    const pieces: string[] = [''];
    let source = '^' + escapeRegex(basePath.replace(/\/+$/, ''));
    let params = 0;
    for (const segment of segments) {
      if (/^\{[^/{}]+\}$/.test(segment)) {
        source += '([^/]+)';
        params++;
        pieces.push('');
      } else {
        source += escapeRegex(segment);
        pieces[pieces.length - 1] += segment;
      }
    }
    if (this.wildcard) {
      source += '(/.*)?$';
      pieces.push('');
    } else {
      source += '/?$';
      if (path.endsWith('/') && path.length > 1) pieces[pieces.length - 1] += '/';
    }
    this.paramCount = params;
    this.pieces = pieces;
    this.regex = new RegExp(source);
  }

  /** The upstream resource path for a request path, or undefined when it does not match. */
  match(path: string): string | undefined {
    const m = this.regex.exec(path);
    if (m === null) return undefined;
    const pieces = this.pieces;
    let out = pieces[0];
    for (let i = 1; i < pieces.length; i++) out += (m[i] ?? '') + pieces[i];
    return out;
  }
}

function stripQuery(template: string): string {
  const q = template.indexOf('?');
  return q < 0 ? template : template.slice(0, q);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
