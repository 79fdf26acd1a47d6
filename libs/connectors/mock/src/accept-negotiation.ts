import type { MockMediaType } from './mock-operation.js';
import type { AcceptNegotiation } from './mock-options.js';

/**
 * The entries of an Accept header as CC splits them (Java `split(",")`: trailing empty entries
 * dropped, no trimming); they also make up the `Accept type [...]` error description.
 */
export function acceptEntries(accept: string): string[] {
  const entries = accept.split(',');
  while (entries.length > 0 && entries[entries.length - 1] === '') entries.pop();
  return entries;
}

/** Picks the media type an Accept header asks for; undefined when none is acceptable. */
export function negotiateMediaType(
  entries: readonly string[],
  mediaTypes: readonly MockMediaType[],
  negotiation: AcceptNegotiation,
): MockMediaType | undefined {
  return negotiation === 'q-values' ? byQuality(entries, mediaTypes) : byLastMatch(entries, mediaTypes);
}

/**
 * CC: every entry (parameters dropped, `*` matching any run of characters, case-sensitive)
 * replaces the choice with the first media type it matches, so the last matching entry wins.
 */
function byLastMatch(entries: readonly string[], mediaTypes: readonly MockMediaType[]): MockMediaType | undefined {
  let chosen: MockMediaType | undefined;
  for (const entry of entries) {
    const range = entry.split(';')[0].trim();
    chosen = mediaTypes.find((media) => globMatches(range, media.mediaType)) ?? chosen;
  }
  return chosen;
}

function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const head = parts[0];
  const tail = parts[parts.length - 1];
  if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
  let position = head.length;
  const end = text.length - tail.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, position);
    if (found < 0 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly quality: number;
  /** 2 for `type/subtype`, 1 for `type/*`, 0 for the any-type range. */
  readonly specificity: number;
  readonly order: number;
}

/**
 * RFC 9110 §12.5.1: a media type takes the quality of the most specific range matching it
 * (type and subtype compared case-insensitively, parameters other than `q` ignored); q=0
 * excludes it. Highest quality wins, then the more specific range, then the earlier Accept
 * entry, then definition order.
 */
function byQuality(entries: readonly string[], mediaTypes: readonly MockMediaType[]): MockMediaType | undefined {
  const ranges = entries.map(parseRange).filter((range): range is MediaRange => range !== undefined);
  let best: { readonly media: MockMediaType; readonly range: MediaRange } | undefined;
  for (const media of mediaTypes) {
    const [type = '', subtype = ''] = media.mediaType.split(';')[0].trim().toLowerCase().split('/');
    const range = mostSpecificRange(ranges, type, subtype);
    if (!range || range.quality === 0) continue;
    if (!best || ranks(range, best.range)) best = { media, range };
  }
  return best?.media;
}

function ranks(candidate: MediaRange, current: MediaRange): boolean {
  if (candidate.quality !== current.quality) return candidate.quality > current.quality;
  if (candidate.specificity !== current.specificity) return candidate.specificity > current.specificity;
  return candidate.order < current.order;
}

function mostSpecificRange(ranges: readonly MediaRange[], type: string, subtype: string): MediaRange | undefined {
  let found: MediaRange | undefined;
  for (const range of ranges) {
    const matches =
      range.specificity === 0 ||
      (range.type === type && (range.specificity === 1 || range.subtype === subtype));
    if (matches && (!found || range.specificity > found.specificity)) found = range;
  }
  return found;
}

function parseRange(entry: string, order: number): MediaRange | undefined {
  const [rawRange, ...parameters] = entry.split(';');
  const range = rawRange.trim().toLowerCase();
  const [type, subtype] = range === '*' ? ['*', '*'] : range.split('/');
  if (!type || !subtype || range.split('/').length > 2 || (type === '*' && subtype !== '*')) return undefined;
  let quality = 1;
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=').map((part) => part.trim());
    if (name.toLowerCase() !== 'q') continue;
    quality = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/u.test(value ?? '') ? Number(value) : Number.NaN;
  }
  if (Number.isNaN(quality)) return undefined;
  const specificity = type === '*' ? 0 : subtype === '*' ? 1 : 2;
  return { type, subtype, quality, specificity, order };
}
