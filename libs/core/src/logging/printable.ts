/**
 * Untrusted text (client input, names and values from definitions, backend messages) as it may
 * appear in a log line: one line, control characters and ANSI escapes shown escaped, bounded, so
 * that it can neither forge nor flood log lines.
 */
export function printable(text: string, max = 300): string {
  // JSON leaves the line and paragraph separators as they are: some log viewers break lines at them.
  const escaped = JSON.stringify(text).slice(1, -1).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}
