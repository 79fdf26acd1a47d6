import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';
import { AdminCredentials } from '../auth/admin-credentials.js';
import { AdminTokenService } from '../auth/admin-token.service.js';
import { AdminHttpError } from '../errors/admin-errors.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { JsonBodyPipe } from '../http/json-body.pipe.js';

export class TokenRequest {
  @IsString() @MaxLength(100) @Matches(/^[a-zA-Z0-9_~.@-]*$/) username!: string;
  @IsString() @MaxLength(100) @Matches(/^[a-zA-Z0-9_~.@-]*$/) password!: string;
}

/** `POST /oauth2/token` of the adapter API (spec §4.2): the only admin route without authentication. */
@Controller('api/mgw/adapter/0.1/oauth2')
export class AdapterTokenController {
  constructor(
    private readonly credentials: AdminCredentials,
    private readonly tokens: AdminTokenService,
  ) {}

  @Post('token')
  @HttpCode(200)
  async token(@Body(JsonBodyPipe, adminValidationPipe('body')) body: TokenRequest): Promise<{ accessToken: string }> {
    if (!(await this.credentials.verify(body.username, body.password))) {
      throw new AdminHttpError('admin.unauthorized', 'invalid admin username or password');
    }
    return { accessToken: this.tokens.issue(body.username) };
  }
}
