import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';
import { AdminLogin, type LoginRequest } from '../auth/admin-login.js';
import { AdminTokenService } from '../auth/admin-token.service.js';
import { AdminRoute } from '../http/admin-route.js';
import { adminValidationPipe } from '../http/admin-validation.pipe.js';
import { JsonBodyPipe } from '../http/json-body.pipe.js';

/**
 * Largest token request body: two fields of at most 100 characters fit many times over. Read
 * before any credential is checked, so it is kept small.
 */
export const TOKEN_BODY_MAX_BYTES = 4096;

export class TokenRequest {
  @IsString() @MaxLength(100) @Matches(/^[a-zA-Z0-9_~.@-]*$/) username!: string;
  @IsString() @MaxLength(100) @Matches(/^[a-zA-Z0-9_~.@-]*$/) password!: string;
}

/** `POST /oauth2/token` of the adapter API (spec §4.2): the only admin route without authentication. */
@Controller('api/mgw/adapter/0.1/oauth2')
export class AdapterTokenController {
  constructor(
    private readonly login: AdminLogin,
    private readonly tokens: AdminTokenService,
  ) {}

  @Post('token')
  @HttpCode(200)
  @AdminRoute({ public: true, bodyTypes: ['application/json'], maxBodyBytes: TOKEN_BODY_MAX_BYTES })
  async token(
    @Req() request: LoginRequest,
    @Body(JsonBodyPipe, adminValidationPipe('body')) body: TokenRequest,
  ): Promise<{ accessToken: string }> {
    const username = await this.login.authenticate(request, body.username, body.password, 'token');
    return { accessToken: this.tokens.issue(username) };
  }
}
