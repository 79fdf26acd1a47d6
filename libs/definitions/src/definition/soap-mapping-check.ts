import type { SoapService } from '#core';
import { locationOf } from '../json/json-pointer.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ParsedDefinition } from './parsed-definition.js';
import { SOAP_EXTENSION } from './soap-extension.js';

/**
 * Operations map to WSDL operations only in an API that names its SOAP service: a mapping
 * without the root `x-portico-soap` is refused (one whose root mapping is broken is already). In a mediated API an operation without a mapping
 * has nothing to call; it is answered `501` (a deploy warning names each such operation).
 */
export function checkSoapMappings(definition: ParsedDefinition, service: SoapService | undefined, problems: ProblemCollector): void {
  for (const resource of definition.resources) {
    for (const operation of resource.operations) {
      const at = locationOf(definition.file, operation.location);
      if (definition.document[SOAP_EXTENSION] === undefined && operation.soap !== undefined) {
        problems.error('soap.mapping-invalid', `x-portico-soap on ${operation.method} ${resource.path} needs x-portico-soap at the root, naming the WSDL`, operation.soap.location);
      } else if (service !== undefined && operation.soap === undefined && operation.method !== 'OPTIONS') {
        problems.warn('soap.mapping-invalid', `${operation.method} ${resource.path} has no x-portico-soap operation: it will be answered 501`, at);
      }
    }
  }
}
