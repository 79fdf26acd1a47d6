/**
 * Untrusted text (client input, names and values from definitions, backend messages) as it may
 * appear in a log line: one line, control characters and ANSI escapes shown escaped, bounded, so
 * that it can neither forge nor flood log lines.
 */
export function printable(text: string, max = 300): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}
