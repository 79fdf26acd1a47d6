import { IsArray, IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';
import type { CorsConfig } from '#core';

/**
 * The gateway-wide CORS policy, used by every API without an enabled `x-wso2-cors` (Choreo
 * Connect's `[router.cors]`, with its defaults).
 */
export class CorsSettings implements CorsConfig {
  @IsBoolean() enabled = true;
  @IsArray() @IsString({ each: true }) allowOrigins: string[] = ['*'];
  @IsArray() @IsString({ each: true }) allowMethods: string[] = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
  @IsArray() @IsString({ each: true }) allowHeaders: string[] = [
    'authorization',
    'Access-Control-Allow-Origin',
    'Content-Type',
    'SOAPAction',
    'apikey',
    'testKey',
    'Internal-Key',
  ];
  @IsBoolean() allowCredentials = false;
  @IsArray() @IsString({ each: true }) exposeHeaders: string[] = [];
  /** `Access-Control-Max-Age` of preflight answers; absent sends none (browsers then cache briefly). */
  @IsOptional() @IsInt() @Min(0) maxAgeSeconds?: number;
}
