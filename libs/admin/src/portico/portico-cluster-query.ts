import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** Query parameters of `GET /portico/v1/clusters`: only the clusters of one API (or one version). */
export class PorticoClusterQuery {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) apiName?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) apiVersion?: string;
}
