import { Injectable, type PipeTransform } from '@nestjs/common';
import { AdminHttpError } from '../errors/admin-errors.js';

/** Decodes a JSON body that AdminBodyParsers left as bytes; an object is passed through (form bodies). */
@Injectable()
export class JsonBodyPipe implements PipeTransform<unknown, Record<string, unknown>> {
  transform(value: unknown): Record<string, unknown> {
    let data: unknown = value;
    if (Buffer.isBuffer(value)) {
      if (value.length === 0) throw new AdminHttpError('admin.body-malformed', 'a JSON body is required');
      try {
        data = JSON.parse(value.toString('utf8'));
      } catch (error) {
        throw new AdminHttpError('admin.body-malformed', `the body is not valid JSON: ${(error as Error).message}`);
      }
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new AdminHttpError('admin.body-malformed', 'a JSON object body is required');
    }
    return data as Record<string, unknown>;
  }
}
