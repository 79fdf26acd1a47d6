import type { Problem } from '#core';
import type { ValidationResult } from './artifact-validator.js';

/**
 * The text report: one line per artifact, its problems or warnings indented under it, then a
 * summary. Problems quote definitions, so they are escaped: a definition cannot forge lines.
 */
export function textReport(results: readonly ValidationResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.ok) {
      lines.push(`ok  ${printable(r.api ?? '')} (${printable(r.path)})`);
      for (const w of r.warnings) lines.push(`  warning ${problemLine(w)}`);
    } else {
      lines.push(`invalid  ${printable(r.path)}${r.api ? ` (${printable(r.api)})` : ''}`);
      for (const p of r.problems) lines.push(`  ${problemLine(p)}`);
    }
  }
  const valid = results.filter((r) => r.ok).length;
  lines.push(`${valid} valid, ${results.length - valid} invalid`);
  return lines.join('\n') + '\n';
}

/** The `--json` report: the results as they are, one document. */
export function jsonReport(results: readonly ValidationResult[]): string {
  return JSON.stringify(results, null, 2) + '\n';
}

function problemLine(p: Problem): string {
  return `${p.code} ${printable(p.message)}${p.location ? ` (at ${printable(p.location)})` : ''}`;
}

/** The text on one line: control characters and line separators escaped, the rest as written. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
