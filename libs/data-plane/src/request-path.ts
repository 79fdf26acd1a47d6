import { REQUEST_ERRORS, type RequestErrorSpec } from '#core';

/** What to do with `%2F`, `%5C` and `\` in a request path (Envoy's `path_with_escaped_slashes_action`). */
export type EscapedSlashAction = 'reject' | 'keep' | 'unescape';

/** Anything that can make a path differ from its normal form: escapes, backslashes, dot segments, `//`. */
const NEEDS_NORMALISING = /[%\\]|\/\.|\/\//;
const HEX = /^[0-9A-Fa-f]{2}$/;
const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Brings a request path to the one form routing, security and the backend all agree on
 * (RFC 3986 §6.2.2 and §5.2.4, as Envoy's `normalize_path` + `merge_slashes` and nginx do):
 * percent-encoded unreserved characters are decoded (`%2e` → `.`), other escapes get upper-case
 * hex, slashes are merged, and `.`/`..` segments are resolved — before matching, so a request can
 * never reach a resource other than the one whose security was checked, nor leave the
 * endpoint's base path upstream. `%00` and broken escapes are rejected; escaped slashes follow
 * the configured action. A segment that is a dot segment in disguise for common backends
 * (`..;x` for servlet containers, `..%2F` when escaped slashes are kept) is rejected.
 */
export class RequestPathNormaliser {
  constructor(private readonly escapedSlashes: EscapedSlashAction) {}

  /** The normal form of `path` (which starts with `/`), or the error to answer. */
  normalise(path: string): string | RequestErrorSpec {
    if (!NEEDS_NORMALISING.test(path)) return path;
    const decoded = this.decode(path);
    if (typeof decoded !== 'string') return decoded;
    return resolveSegments(decoded, this.escapedSlashes === 'keep');
  }

  private decode(path: string): string | RequestErrorSpec {
    let out = '';
    for (let i = 0; i < path.length; i++) {
      const c = path[i];
      if (c === '\\') {
        if (this.escapedSlashes === 'reject') return REQUEST_ERRORS.escapedSlash;
        out += this.escapedSlashes === 'unescape' ? '/' : '%5C';
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const hex = path.slice(i + 1, i + 3);
      if (!HEX.test(hex)) return REQUEST_ERRORS.badPathEncoding;
      i += 2;
      const code = parseInt(hex, 16);
      if (code === 0) return REQUEST_ERRORS.badPathEncoding;
      const char = String.fromCharCode(code);
      if (code === 0x2f || code === 0x5c) {
        if (this.escapedSlashes === 'reject') return REQUEST_ERRORS.escapedSlash;
        out += this.escapedSlashes === 'unescape' ? '/' : '%' + hex.toUpperCase();
      } else {
        out += code < 0x80 && UNRESERVED.test(char) ? char : '%' + hex.toUpperCase();
      }
    }
    return out;
  }
}

/** Merges slashes and resolves dot segments; keeps one trailing slash when the path has one. */
function resolveSegments(path: string, escapedSlashesKept: boolean): string | RequestErrorSpec {
  const parts = path.split('/');
  const out: string[] = [];
  let trailingSlash = path.endsWith('/');
  for (let i = 1; i < parts.length; i++) {
    const segment = parts[i];
    const last = i === parts.length - 1;
    if (segment === '') continue;
    if (segment === '.' || segment === '..') {
      if (segment === '..') out.pop();
      if (last) trailingSlash = true;
      continue;
    }
    if (hidesDotSegment(segment, escapedSlashesKept)) return REQUEST_ERRORS.hiddenDotSegment;
    out.push(segment);
  }
  if (out.length === 0) return '/';
  return '/' + out.join('/') + (trailingSlash ? '/' : '');
}

/** `..;jsessionid` (servlet containers drop `;…`), or `..%2Fx` when escaped slashes are kept. */
function hidesDotSegment(segment: string, escapedSlashesKept: boolean): boolean {
  const pieces = escapedSlashesKept && segment.includes('%') ? segment.split(/%2F|%5C/) : [segment];
  return pieces.some(isDotSegmentWithParameters);
}

function isDotSegmentWithParameters(piece: string): boolean {
  const semicolon = piece.indexOf(';');
  const head = semicolon < 0 ? piece : piece.slice(0, semicolon);
  return head === '.' || head === '..';
}
