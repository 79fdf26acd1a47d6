import { type Problem } from '#core';
import { operationMessages } from '../operation-compiler.js';
import { type SoapApiExtension } from '../soap-mediation-source.js';
import { type XsdElement } from '../xsd/xsd-model.js';
import { type ParsedWsdl } from '../wsdl/parsed-wsdl.js';
import { selectPort } from '../wsdl/port-selection.js';
import { type JsonSchema, XsdJsonSchemas } from './xsd-json-schema.js';

export interface WsdlOpenApiOptions extends SoapApiExtension {
  readonly title?: string;
  readonly version?: string;
}

export interface WsdlOpenApiResult {
  readonly document: Record<string, unknown>;
  /** Operations of the binding left out, with the reason (RPC style, encoded, …). */
  readonly skipped: readonly { readonly operation: string; readonly reason: string }[];
}

const FAULT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['fault'],
  properties: {
    fault: {
      type: 'object',
      required: ['code', 'string'],
      properties: { code: { type: 'string' }, subcode: { type: 'string' }, string: { type: 'string' }, actor: { type: 'string' }, detail: {} },
    },
  },
};

/**
 * The OpenAPI 3.0 document of a REST facade for a WSDL: one `POST /<operation>` per supported
 * operation of the chosen port, JSON schemas from the XSD, and the x-portico-soap mappings filled
 * in, so that it deploys as it is. Always POST: the WSDL says nothing about safety or idempotence,
 * and GET would invite caches and automatic retries a SOAP operation may not tolerate.
 */
export function openApiFromWsdl(wsdl: ParsedWsdl, options: WsdlOpenApiOptions): WsdlOpenApiResult | { problems: Problem[] } {
  const selected = selectPort(wsdl.bindings, options.service, options.port);
  if ('code' in selected) return { problems: [selected] };
  const schemas = new XsdJsonSchemas();
  const paths: Record<string, unknown> = {};
  const skipped: { operation: string; reason: string }[] = [];
  for (const name of selected.binding.operations.keys()) {
    const messages = operationMessages(wsdl, selected, name);
    if (typeof messages === 'string') {
      skipped.push({ operation: name, reason: messages.slice(messages.indexOf(':') + 1) });
      continue;
    }
    const input = schemas.object(messages.input.type);
    const required = messages.input.type.fields.some((f) => f.minOccurs > 0);
    const output = messages.output ? outputSchema(schemas, messages.output) : undefined;
    paths[`/${name}`] = {
      post: {
        operationId: name,
        summary: `SOAP operation ${name}`,
        'x-portico-soap': { operation: name },
        requestBody: { required, content: { 'application/json': { schema: input } } },
        responses: {
          '200': { description: `${name} succeeded`, ...(output ? { content: { 'application/json': { schema: output } } } : {}) },
          '400': { description: 'The request does not fit the input message, or the service answered with a client (Sender) fault' },
          '502': { description: 'The service answered with a server fault or an unusable response', content: { 'application/json': { schema: { $ref: '#/components/schemas/SoapFault' } } } },
        },
      },
    };
  }
  const soap = { wsdl: options.wsdl, service: selected.port.service, port: selected.port.name };
  const document = {
    openapi: '3.0.3',
    info: {
      title: options.title ?? selected.port.service,
      version: options.version ?? '1.0.0',
      description: `REST facade of the SOAP ${selected.binding.version.name} service ${selected.port.service} (port ${selected.port.name}), generated from ${options.wsdl}.`,
    },
    'x-portico-soap': soap,
    paths,
    components: { schemas: { ...schemas.components, SoapFault: FAULT_SCHEMA } },
  };
  return { document, skipped };
}

function outputSchema(schemas: XsdJsonSchemas, output: XsdElement): JsonSchema {
  return output.type.kind === 'complex' ? schemas.object(output.type) : schemas.element(output);
}
