const PARAM = /\{([^/{}]+)\}/g;
const URI_VAR = /\{uri\.var\.([^{}]+)\}/g;

/**
 * The backend path of a WebSocket channel (spec §10.2): its `x-uri-mapping` relative to the
 * endpoint's base path, `{uri.var.<param>}` filled from the channel's path parameters (the
 * mapping may carry a query string); without a mapping, `/` — the topic is not appended.
 */
export class ChannelMapping {
  /** Literal pieces; the capture at `indexes[i]` goes between pieces[i] and pieces[i + 1]. */
  private readonly pieces: readonly string[];
  private readonly indexes: readonly number[];

  constructor(channel: string, mapping: string | undefined) {
    if (mapping === undefined) {
      this.pieces = ['/'];
      this.indexes = [];
      return;
    }
    const params = [...channel.matchAll(PARAM)].map((m) => m[1]);
    const pieces: string[] = [];
    const indexes: number[] = [];
    let last = 0;
    const written = mapping.startsWith('/') ? mapping : `/${mapping}`;
    for (const m of written.matchAll(URI_VAR)) {
      const index = params.indexOf(m[1]);
      // A variable the channel does not have stays as written (the deploy warns of it).
      if (index < 0) continue;
      pieces.push(written.slice(last, m.index));
      indexes.push(index);
      last = m.index + m[0].length;
    }
    pieces.push(written.slice(last));
    this.pieces = pieces;
    this.indexes = indexes;
  }

  /** Variables of the mapping that name no parameter of the channel. */
  static unknownVariables(channel: string, mapping: string): string[] {
    const params = new Set([...channel.matchAll(PARAM)].map((m) => m[1]));
    return [...mapping.matchAll(URI_VAR)].map((m) => m[1]).filter((name) => !params.has(name));
  }

  upstreamPath(captures: readonly string[]): string {
    let out = this.pieces[0];
    for (let i = 0; i < this.indexes.length; i++) out += (captures[this.indexes[i]] ?? '') + this.pieces[i + 1];
    return out;
  }
}
