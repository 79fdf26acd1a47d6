/**
 * An API key's `permittedReferer` claim (spec §11.3): comma-separated patterns in which `*`
 * stands for any text (possibly empty), each matched against the whole Referer header; all other
 * characters are literal. Compiled once per verified key. With a restriction, a request without
 * a Referer is not permitted.
 */
export class PermittedReferers {
  private constructor(private readonly patterns: readonly WildcardPattern[]) {}

  /** Undefined when the claim sets no restriction; a non-string claim is a restriction nothing satisfies. */
  static of(claim: unknown): PermittedReferers | undefined {
    if (claim === undefined || claim === null || (typeof claim === 'string' && claim.trim() === '')) return undefined;
    if (typeof claim !== 'string') return new PermittedReferers([]);
    const patterns = claim
      .split(',')
      .map((pattern) => pattern.trim())
      .filter((pattern) => pattern !== '')
      .map((pattern) => new WildcardPattern(pattern));
    return new PermittedReferers(patterns);
  }

  permits(referer: string | undefined): boolean {
    if (referer === undefined) return false;
    return this.patterns.some((pattern) => pattern.matches(referer));
  }
}

/**
 * `*` wildcards matched without a regular expression: the literal pieces between the stars are
 * found left to right (leftmost is always right for `*`-only patterns), so matching is linear in
 * the header's length whatever the pattern, and a long Referer cannot make it backtrack.
 */
class WildcardPattern {
  private readonly pieces: readonly string[];

  constructor(pattern: string) {
    this.pieces = pattern.split('*');
  }

  matches(text: string): boolean {
    const pieces = this.pieces;
    const first = pieces[0];
    if (pieces.length === 1) return text === first;
    const last = pieces[pieces.length - 1];
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    let from = first.length;
    const end = text.length - last.length;
    for (let i = 1; i < pieces.length - 1; i++) {
      const at = text.indexOf(pieces[i], from);
      if (at < 0 || at + pieces[i].length > end) return false;
      from = at + pieces[i].length;
    }
    return true;
  }
}
