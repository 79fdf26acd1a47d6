import { posix } from 'node:path';

/**
 * A path a definition names inside its project (`Client-keys/a.pem`, `WSDL/Service.wsdl`) as the
 * project's files are keyed, or undefined when it could leave the project (absolute, `..`, a
 * drive letter or backslashes) or names a folder.
 */
export function insideProject(written: string): string | undefined {
  if (written.includes('\\') || written.startsWith('/') || /^[A-Za-z]:/.test(written)) return undefined;
  const segments = written.split('/');
  if (segments.includes('..')) return undefined;
  const normalized = posix.normalize(written);
  return normalized === '.' || normalized.endsWith('/') ? undefined : normalized.replace(/^\.\//, '');
}
