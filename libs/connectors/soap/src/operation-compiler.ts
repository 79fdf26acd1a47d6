import { type Problem } from '#core';
import { type XsdComplexType, type XsdElement } from './xsd/xsd-model.js';
import { XsdModelError } from './xsd/xsd-model-builder.js';
import { NamespacePrefixes } from './request/namespace-prefixes.js';
import { type ParsedWsdl, type SoapMessageNode } from './wsdl/parsed-wsdl.js';
import { type SelectedPort } from './wsdl/port-selection.js';
import { type SoapOperationMapping } from './soap-mediation-source.js';
import { SoapOperation } from './soap-operation.js';

/** The messages of a WSDL operation, checked for what the mediation supports. */
export interface OperationMessages {
  readonly input: XsdElement & { readonly type: XsdComplexType };
  readonly output: XsdElement | undefined;
  readonly soapAction: string;
}

/**
 * Document/literal operations whose input is one element of a complex type ("wrapped", what
 * .NET, JAX-WS and CXF generate) are supported. RPC style, SOAP encoding and input soap:headers
 * are refused with the reason.
 */
export function operationMessages(wsdl: ParsedWsdl, selected: SelectedPort, operation: string): OperationMessages | string {
  const bound = selected.binding.operations.get(operation);
  if (!bound) {
    const available = [...selected.binding.operations.keys()].join(', ') || 'none';
    return `unknown:the binding ${selected.binding.name} of port ${selected.port.name} has no operation ${operation} (operations: ${available})`;
  }
  if (bound.style !== 'document') return `unsupported:style ${bound.style} is not supported (only document/literal)`;
  if (bound.inputUse !== 'literal' || bound.outputUse !== 'literal') return 'unsupported:SOAP encoding (use="encoded") is not supported, only literal';
  if (bound.inputHeaders > 0) return 'unsupported:input soap:header parts are not supported';
  const method = wsdl.portTypes[selected.binding.portType]?.methods[operation];
  if (!method?.input) return `unsupported:the port type ${selected.binding.portType} declares no input for ${operation}`;
  try {
    const input = messageElement(wsdl, method.input);
    if (input.type.kind !== 'complex') return `unsupported:the input element ${input.name} has a simple type; only wrapped document/literal inputs are supported`;
    const output = method.output ? messageElement(wsdl, method.output) : undefined;
    return { input: input as OperationMessages['input'], output, soapAction: bound.soapAction };
  } catch (error) {
    if (error instanceof XsdModelError) return `unsupported:${error.message}`;
    throw error;
  }
}

function messageElement(wsdl: ParsedWsdl, node: SoapMessageNode): XsdElement {
  const namespace = node.targetNamespace ?? node.$targetNamespace;
  if (node.parts !== undefined || node.$name === undefined || namespace === undefined) {
    throw new XsdModelError('messages made of typed parts (RPC style) are not supported: the message must have one element part');
  }
  return wsdl.models.globalElement(namespace, node.$name);
}

/** Compiles one mapping, or says why it cannot be. */
export function compileOperation(wsdl: ParsedWsdl, selected: SelectedPort, mapping: SoapOperationMapping): SoapOperation | Problem {
  const problem = (code: Problem['code'], reason: string): Problem => ({
    code,
    message: `operation ${mapping.id} (WSDL operation ${mapping.operation}): ${reason}`,
    ...(mapping.location ? { location: mapping.location } : {}),
  });
  const messages = operationMessages(wsdl, selected, mapping.operation);
  if (typeof messages === 'string') {
    const [kind, reason] = [messages.slice(0, messages.indexOf(':')), messages.slice(messages.indexOf(':') + 1)];
    return problem(kind === 'unknown' ? 'soap.operation-unknown' : 'soap.operation-unsupported', reason!);
  }
  for (const parameter of mapping.parameters ?? []) {
    const field = messages.input.type.fieldsByName.get(parameter);
    if (!field) return problem('soap.mapping-invalid', `parameter ${parameter} is not a field of ${messages.input.name} (fields: ${fieldNames(messages.input.type)})`);
    if (field.type.kind === 'complex') return problem('soap.mapping-invalid', `parameter ${parameter} maps to ${messages.input.name}.${parameter}, which has a complex type`);
  }
  const prefixes = new NamespacePrefixes();
  prefixes.addTree(messages.input);
  return new SoapOperation(mapping.operation, messages.soapAction, selected.binding.version, messages.input, messages.output, prefixes);
}

function fieldNames(type: XsdComplexType): string {
  return type.fields.map((f) => f.name).join(', ') || 'none';
}
