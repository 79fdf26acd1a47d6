import { Injectable, type PipeTransform } from '@nestjs/common';
import { AdminHttpError } from '../errors/admin-errors.js';

/**
 * Nesting deeper than this is refused before anything walks the value: class-transformer and
 * class-validator recurse, and a body of brackets a few KB long would otherwise overflow the stack.
 */
const MAX_DEPTH = 16;

/** Decodes a JSON object body that AdminBodyParsers left as bytes. */
@Injectable()
export class JsonBodyPipe implements PipeTransform<unknown, Record<string, unknown>> {
  transform(value: unknown): Record<string, unknown> {
    if (!Buffer.isBuffer(value) || value.length === 0) throw new AdminHttpError('admin.body-malformed', 'a JSON body is required');
    let data: unknown;
    try {
      data = JSON.parse(value.toString('utf8'));
    } catch (error) {
      throw new AdminHttpError('admin.body-malformed', `the body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new AdminHttpError('admin.body-malformed', 'a JSON object body is required');
    }
    if (depthExceeds(data, MAX_DEPTH)) throw new AdminHttpError('admin.body-malformed', `the JSON body is nested deeper than ${MAX_DEPTH} levels`);
    return data as Record<string, unknown>;
  }
}

/** Without recursion, so that the check itself cannot overflow the stack. */
function depthExceeds(root: object, max: number): boolean {
  const pending: [unknown, number][] = [[root, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}
