import { HttpException } from '@nestjs/common';
import { DeployRejectedError, PROBLEM_CATEGORY_STATUS, problemCategory } from '#core';
import { type AdminErrorBody, type AdminErrorCode, AdminHttpError } from './admin-errors.js';

/** HTTP errors raised by Nest or Fastify (routing, body limits, multipart) by status. */
const CODE_BY_STATUS: Readonly<Record<number, AdminErrorCode>> = {
  401: 'admin.unauthorized',
  404: 'admin.route-not-found',
  415: 'admin.media-type-unsupported',
};

/** The JSON body for anything thrown while serving an admin request; undefined = unexpected error (500). */
export function errorBodyOf(error: unknown, maxUploadBytes: number): AdminErrorBody | undefined {
  if (error instanceof DeployRejectedError) {
    const decisive = error.problems.find((p) => PROBLEM_CATEGORY_STATUS[problemCategory(p.code)] === error.status) ?? error.problems[0];
    return {
      status: error.status,
      code: decisive?.code ?? 'deploy.rejected',
      message: error.message,
      problems: error.problems.map((p) => (p.location === undefined ? { code: p.code, message: p.message } : { ...p })),
    };
  }
  if (error instanceof AdminHttpError) {
    return error.problems.length > 0
      ? { status: error.status, code: error.code, message: error.message, problems: error.problems }
      : { status: error.status, code: error.code, message: error.message };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    if (status === 413) {
      const message = `the upload is larger than admin.maxUploadBytes (${maxUploadBytes} bytes)`;
      return { status, code: 'artifact.too-large', message, problems: [{ code: 'artifact.too-large', message }] };
    }
    const message =
      status === 415
        ? 'unsupported Content-Type: send a definition as application/yaml or application/json, a project as application/zip (multipart field file on the adapter API)'
        : messageOf(error);
    return { status, code: CODE_BY_STATUS[status] ?? 'admin.request-rejected', message };
  }
  return undefined;
}

function messageOf(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}
