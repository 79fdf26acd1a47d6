/**
 * `search` (with its `?`, or empty) with every parameter named `name` removed and `pair`
 * (already encoded `name=value`) appended: the backend sees the gateway's API key, never one the
 * client slipped in. Names are compared after decoding (`+` as space), as a backend would read
 * them; the other parameters keep their bytes and order.
 */
export function withReplacedQueryParameter(search: string, name: string, pair: string): string {
  const kept = search.length <= 1 ? [] : search.slice(1).split('&').filter((part) => decodedName(part) !== name);
  kept.push(pair);
  return `?${kept.join('&')}`;
}

function decodedName(part: string): string {
  const end = part.indexOf('=');
  const raw = (end < 0 ? part : part.slice(0, end)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
