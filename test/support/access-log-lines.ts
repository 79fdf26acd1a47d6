import { existsSync, readFileSync } from 'node:fs';
import { eventually } from './waiting.js';

export type AccessLine = Record<string, string | number | boolean | undefined>;

/** The JSON lines of an access log file, once at least `count` of them (lines are written asynchronously). */
export async function accessLines(file: string, count: number): Promise<AccessLine[]> {
  const read = (): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const text = await eventually(async () => read(), (content) => content.split('\n').filter(Boolean).length >= count);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AccessLine);
}

/** The line of the request with id `requestId`. */
export async function accessLineOf(file: string, requestId: string): Promise<AccessLine> {
  const read = (): AccessLine | undefined => {
    if (!existsSync(file)) return undefined;
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AccessLine)
      .find((line) => line.requestId === requestId);
  };
  return (await eventually(async () => read(), (line) => line !== undefined)) as AccessLine;
}
