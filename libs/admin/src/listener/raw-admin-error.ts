import { STATUS_CODES } from 'node:http';
import { ADMIN_ERRORS, type AdminErrorBody, type AdminErrorCode } from '../errors/admin-errors.js';

/**
 * A complete HTTP/1.1 error response with the admin error body, for what is answered on the
 * socket before any request exists (a head that cannot be parsed or took too long); the
 * connection closes after it.
 */
export function rawAdminError(code: AdminErrorCode, message: string): string {
  const status = ADMIN_ERRORS[code];
  const body = JSON.stringify({ status, code, message } satisfies AdminErrorBody);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}
