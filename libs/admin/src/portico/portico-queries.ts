import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
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

/** Most items in one page of a list. */
export const MAX_PAGE_LIMIT = 500;

/** `?offset=&limit=`: without them, a list answers every item (as before paging existed). */
class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000_000) offset?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_LIMIT) limit?: number;
}

export class PorticoListQuery extends PageQuery {
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

export class PorticoTrafficQuery extends PageQuery {
  /** How far back (minutes). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60) minutes?: number;
  /** Substring of the API name (case-insensitive). */
  @IsOptional() @IsString() @MaxLength(255) query?: string;
}
