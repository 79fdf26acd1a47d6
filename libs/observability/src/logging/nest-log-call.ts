import { scrubSecrets } from './secret-scrubber.js';

/** One Nest logger call as a pino record: the fields and the message. */
export interface LogRecordParts {
  readonly fields: Record<string, unknown>;
  readonly msg: string | undefined;
}

/** How ConsoleLogger tells a stack trace from a context name in `error(message, stackOrContext)`. */
const STACK_FORMAT = /^(.)+\n\s+at .+:\d+:\d+/;

/**
 * Reads a Nest logger call the way Nest's ConsoleLogger does: a string last parameter is the
 * context (`new Logger('X')` appends it); for error and fatal the string before it, or a
 * stack-shaped only parameter, is the stack. Objects become fields, Errors an `err` field, and
 * every text that could hold a secret is scrubbed.
 */
export function nestLogCall(message: unknown, params: readonly unknown[], withStack: boolean): LogRecordParts {
  const fields: Record<string, unknown> = {};
  const rest = [...params];
  let stack: string | undefined;
  if (withStack && rest.length === 1 && typeof rest[0] === 'string') {
    if (STACK_FORMAT.test(rest[0])) stack = rest[0];
    else fields.context = rest[0];
    rest.length = 0;
  } else if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') {
    fields.context = rest.pop();
  }
  if (withStack && rest.length > 0 && (typeof rest[rest.length - 1] === 'string' || rest[rest.length - 1] === undefined)) {
    stack = rest.pop() as string | undefined;
  }
  const texts: string[] = [];
  for (const part of [message, ...rest]) addPart(part, fields, texts);
  if (stack !== undefined) fields.err = { ...(fields.err as object | undefined), stack: scrubSecrets(stack) };
  return { fields, msg: texts.length === 0 ? undefined : texts.join(' ') };
}

function addPart(part: unknown, fields: Record<string, unknown>, texts: string[]): void {
  if (part === undefined) return;
  if (typeof part === 'string') {
    texts.push(scrubSecrets(part));
  } else if (part instanceof Error) {
    texts.push(scrubSecrets(part.message));
    fields.err = { type: part.name, message: scrubSecrets(part.message), stack: scrubSecrets(part.stack ?? '') };
  } else if (part !== null && typeof part === 'object' && !Array.isArray(part)) {
    Object.assign(fields, part);
  } else {
    texts.push(scrubSecrets(typeof part === 'object' ? JSON.stringify(part) : String(part)));
  }
}
