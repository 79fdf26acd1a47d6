/**
 * `query` (with its `?`, or empty) without the named parameters: API keys sent in the query are
 * not forwarded (spec §11.3). Names are compared case-sensitively and after decoding, as they
 * were matched; the other parameters keep their bytes and order.
 */
export function withoutQueryParameters(query: string, names: readonly string[]): string {
  if (query.length <= 1) return query;
  const kept: string[] = [];
  for (const pair of query.slice(1).split('&')) {
    const end = pair.indexOf('=');
    const raw = end < 0 ? pair : pair.slice(0, end);
    if (!names.includes(decodedName(raw))) kept.push(pair);
  }
  return kept.length === 0 ? '' : `?${kept.join('&')}`;
}

function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
