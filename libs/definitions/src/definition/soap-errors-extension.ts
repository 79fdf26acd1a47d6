import type { SoapErrorFormat } from '#core';
import { locationOf } from '../json/json-pointer.js';
import { type JsonObject, writtenValue } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';

export const SOAP_ERRORS_EXTENSION = 'x-portico-soap-errors';

const FORMATS: readonly SoapErrorFormat[] = ['xml', 'json'];

/**
 * `x-portico-soap-errors` at the root: `xml` answers this API's SOAP requests with SOAP faults
 * when the gateway fails them, `json` with the JSON bodies, whatever `dataPlane.soapErrorsInXml`
 * says (spec §10.3, §16.3). Absent: the setting decides.
 */
export function readSoapErrorsExtension(root: JsonObject, file: string, problems: ProblemCollector): SoapErrorFormat | undefined {
  const value = root[SOAP_ERRORS_EXTENSION];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (FORMATS as readonly string[]).includes(value)) return value as SoapErrorFormat;
  problems.error(
    'soap-errors.invalid',
    `${SOAP_ERRORS_EXTENSION} must be xml (SOAP faults) or json (JSON error bodies), got ${writtenValue(value)}`,
    locationOf(file, `/${SOAP_ERRORS_EXTENSION}`),
  );
  return undefined;
}
