import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Query parameters of `POST /portico/v1/soap/openapi`. */
export class SoapOpenApiQuery {
  /** The WSDL's path in a posted project (needed when it holds several), or where a posted WSDL will sit in the project. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1024) wsdl?: string;
  /** The WSDL service; optional when the WSDL has one. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) service?: string;
  /** The service's port; default its first SOAP 1.1 port, else its first SOAP 1.2 one. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) port?: string;
  /** `info.title`, the deployed API's name; default the service's name. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) title?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(255) version?: string;
  /** The API's context (`x-wso2-basePath`); default `/<service in lower case>`. */
  @IsOptional() @IsString() @MaxLength(255) @Matches(/^\/[\w\-./{}~]*$/, { message: 'basePath must be a path starting with /' }) basePath?: string;
  /** Default: from Accept (`application/json`), else yaml. */
  @IsOptional() @IsIn(['yaml', 'json']) format?: 'yaml' | 'json';
}
