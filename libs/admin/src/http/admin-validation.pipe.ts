import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AdminHttpError, type AdminProblem } from '../errors/admin-errors.js';

/**
 * Validates query parameters or a body against a class-validator DTO; violations answer 422
 * with one problem per parameter (the adapter API's go-swagger server does the same, spec §4.2).
 */
export function adminValidationPipe(where: 'query' | 'body'): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    exceptionFactory: (errors: ValidationError[]) =>
      new AdminHttpError('admin.parameter-invalid', `invalid ${where === 'query' ? 'query parameters' : 'request body'}`, problemsOf(errors, where)),
  });
}

function problemsOf(errors: readonly ValidationError[], parent: string): AdminProblem[] {
  return errors.flatMap((e) => {
    const location = `${parent}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ code: 'admin.parameter-invalid', message, location }));
    return [...own, ...problemsOf(e.children ?? [], location)];
  });
}
