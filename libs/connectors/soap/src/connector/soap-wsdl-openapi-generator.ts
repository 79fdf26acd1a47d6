import { Injectable } from '@nestjs/common';
import type { WsdlFacadeOptions, WsdlOpenApiGenerator, WsdlOpenApiInput, WsdlOpenApiOutcome } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { BackendTls } from '#upstream';
import { openApiFromWsdl } from '../openapi/openapi-from-wsdl.js';
import { parseWsdl } from '../wsdl/parsed-wsdl.js';
import { selectPort } from '../wsdl/port-selection.js';
import { loadWsdlSource } from './wsdl-openapi-source.js';
import { type WsdlUrlFetcher, wsdlUrlFetcherOf } from './wsdl-url-fetcher.js';

/**
 * WSDL → OpenAPI for the admin API (`POST /portico/v1/soap/openapi`): the engine's
 * openApiFromWsdl, with the WSDL loaded by the rules of a deploy, and what the deploy needs
 * besides the mappings filled in: the context and the service's own address as production
 * endpoint, so the document deploys unchanged.
 */
@Injectable()
export class SoapWsdlOpenApiGenerator implements WsdlOpenApiGenerator {
  private readonly fetcher: WsdlUrlFetcher;

  constructor(settings: GatewaySettings, destinations: UpstreamDestinationPolicy, backendTls: BackendTls) {
    this.fetcher = wsdlUrlFetcherOf(settings, destinations, backendTls);
  }

  async generate(input: WsdlOpenApiInput, options: WsdlFacadeOptions): Promise<WsdlOpenApiOutcome> {
    const source = await loadWsdlSource(input, this.fetcher);
    if ('problems' in source) return source;
    const parsed = await parseWsdl(source);
    if ('problems' in parsed) return parsed;
    const selected = selectPort(parsed.wsdl.bindings, options.service, options.port);
    if ('code' in selected) return { problems: [selected] };
    const service = selected.port.service;
    const generated = openApiFromWsdl(parsed.wsdl, {
      wsdl: source.mappedAs ?? `WSDL/${service}.wsdl`,
      service,
      port: selected.port.name,
      ...(options.title !== undefined && { title: options.title }),
      ...(options.version !== undefined && { version: options.version }),
    });
    if ('problems' in generated) return generated;
    const { openapi, info, ...rest } = generated.document;
    const left = generated.skipped.map((s) => `${s.operation} (${s.reason.trim()})`).join('; ');
    const described = left === '' ? info : { ...(info as object), description: `${(info as { description: string }).description} Operations left out: ${left}.` };
    const address = selected.port.address;
    const document = {
      openapi,
      info: described,
      'x-wso2-basePath': options.basePath ?? `/${service.toLowerCase()}`,
      // The WSDL's own address: the document deploys unchanged; point it elsewhere as needed.
      ...(address !== undefined && /^https?:\/\//i.test(address) && { 'x-wso2-production-endpoints': { urls: [address] } }),
      ...rest,
    };
    return { document, skipped: generated.skipped };
  }
}
