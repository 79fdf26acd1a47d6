import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

/** Query parameters of the adapter API, with the patterns of adapterAPI.yaml (spec §4.2). */

export const VHOST_PATTERN =
  /^(\*|(\*-|\*\.)?(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(-\*|\.\*)?)$/;
export const ENVIRONMENTS_PATTERN = /^[\w\s.-]*(:[\w\s.-]+)*$/;

export class AdapterDeployQuery {
  @IsOptional() @IsIn(['true', 'false']) override?: 'true' | 'false';
}

export class AdapterUndeployQuery {
  @IsString() @Length(3, 255) @Matches(/^[a-zA-Z0-9_~.-]*$/) apiName!: string;
  @IsString() @Length(1, 15) @Matches(/^[a-zA-Z0-9_.-]*$/) version!: string;
  @IsOptional() @IsString() @MaxLength(255) @Matches(VHOST_PATTERN) vhost?: string;
  @IsOptional() @IsString() @MaxLength(255) @Matches(ENVIRONMENTS_PATTERN) environments?: string;
}

export class AdapterListQuery {
  @IsOptional() @IsString() @MaxLength(9) @Matches(/^[a-zA-Z:]*$/) query?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000_000) limit?: number;
}

/** `a:b:c` → names; an empty list means "not restricted". */
export function splitEnvironments(value: string | undefined, separator: RegExp = /:/): string[] | undefined {
  const names = (value ?? '')
    .split(separator)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return names.length > 0 ? names : undefined;
}
