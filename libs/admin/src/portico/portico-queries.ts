import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { VHOST_PATTERN } from '../adapter/adapter-queries.js';

/** Query parameters of Portico's own admin API (`/portico/v1`). */

export class PorticoTargetQuery {
  /** Deploy to this environment only (its default vhost unless the project names one in it). */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) environment?: string;
  /** Deploy on this vhost instead of the project's. */
  @IsOptional() @IsString() @MaxLength(255) @Matches(VHOST_PATTERN) vhost?: string;
}

export class PorticoDeployQuery extends PorticoTargetQuery {
  @IsOptional() @IsIn(['true', 'false']) override?: 'true' | 'false';
}

export class PorticoListQuery {
  /** Substring of the name or base path (case-insensitive). */
  @IsOptional() @IsString() @MaxLength(255) query?: string;
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(['HTTP', 'WS', 'SOAP', 'GRAPHQL'])
  type?: 'HTTP' | 'WS' | 'SOAP' | 'GRAPHQL';
}

export class PorticoUndeployQuery {
  @IsOptional() @IsString() @MaxLength(255) @Matches(VHOST_PATTERN) vhost?: string;
  /** Environment names separated by `,` or `:`. */
  @IsOptional() @IsString() @MaxLength(255) @Matches(/^[\w\s.,:-]*$/) environments?: string;
}
