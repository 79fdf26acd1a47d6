/** pino's record fields that the pretty line shows in its own place, or not at all. */
const PLACED = new Set(['level', 'time', 'pid', 'hostname', 'context', 'msg', 'err']);

const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const CONTEXT_COLOUR = '\u001b[33m';
const LEVEL_COLOURS: Readonly<Record<string, string>> = {
  fatal: '\u001b[1;31m',
  error: '\u001b[31m',
  warn: '\u001b[33m',
  info: '\u001b[32m',
  debug: '\u001b[35m',
  trace: '\u001b[90m',
  audit: '\u001b[36m',
};

/**
 * One pino record (parsed from its JSON line) as a line for people at a terminal:
 * `12:04:05.123 INFO  [DataPlane] listening on :9090 port=9090`, the stack, if any, on the lines
 * after it. Control characters of the record are shown escaped (so nothing logged can move the
 * cursor or forge a line); `colours` adds the only escape sequences, and only for a terminal.
 */
export function prettyLine(record: Readonly<Record<string, unknown>>, colours: boolean): string {
  const paint = (colour: string, text: string) => (colours ? `${colour}${text}${RESET}` : text);
  const level = typeof record.level === 'string' ? record.level : String(record.level ?? '');
  const parts = [paint(DIM, clockOf(record.time)), paint(LEVEL_COLOURS[level] ?? '', level.toUpperCase().padEnd(5))];
  if (record.context !== undefined) parts.push(paint(CONTEXT_COLOUR, `[${escaped(String(record.context))}]`));
  if (record.msg !== undefined && record.msg !== '') parts.push(escaped(String(record.msg)));
  for (const [key, value] of Object.entries(record)) if (!PLACED.has(key)) parts.push(`${escaped(key)}=${valueText(value)}`);
  const stack = stackOf(record.err);
  return stack === undefined ? parts.join(' ') : `${parts.join(' ')}\n${stack}`;
}

/** `HH:MM:SS.mmm` in local time: a terminal's reader compares it with the clock on the wall. */
function clockOf(time: unknown): string {
  const date = new Date(typeof time === 'string' || typeof time === 'number' ? time : Date.now());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function valueText(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? escaped(value) : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** The stack lines, indented; without a stack, the error's own fields. */
function stackOf(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const { stack, ...rest } = err as { stack?: unknown };
  const text = typeof stack === 'string' && stack !== '' ? stack : Object.keys(rest).length > 0 ? JSON.stringify(rest) : undefined;
  return text?.split('\n').map((line) => `    ${escaped(line)}`).join('\n');
}

/** Control characters (ANSI escapes, line breaks) as `\uXXXX`, so a record stays on its line. */
function escaped(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
