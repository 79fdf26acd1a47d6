import type { SoapOperationMapping, SoapService, WsdlSource } from '#core';
import { childPointer, locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject, writtenValue } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import { isSoapDocument } from '../reading/project-layout.js';
import { insideProject } from '../reading/project-path.js';

export const SOAP_EXTENSION = 'x-portico-soap';

const SERVICE_KEYS = ['wsdl', 'service', 'port'];

/**
 * The root `x-portico-soap: { wsdl, service?, port? }` of a REST API mediated to SOAP. `wsdl` is
 * a path inside the project (the document and the project's other `.wsdl`/`.xsd` files, for its
 * imports, are read now) or an http(s) URL fetched when the API is deployed. A definition deployed
 * alone has no project: it names its WSDL by URL.
 */
export function readSoapService(root: JsonObject, file: string, project: ProjectFiles | undefined, problems: ProblemCollector): SoapService | undefined {
  const value = root[SOAP_EXTENSION];
  if (value === undefined) return undefined;
  const location = locationOf(file, `/${SOAP_EXTENSION}`);
  if (!isObject(value) || typeof value.wsdl !== 'string' || value.wsdl.trim() === '') {
    problems.error('soap.mapping-invalid', `${SOAP_EXTENSION} must be a map { wsdl: <project path or http(s) URL>, service?, port? }, got ${writtenValue(value)}`, location);
    return undefined;
  }
  const unknown = Object.keys(value).filter((key) => !SERVICE_KEYS.includes(key));
  const names = ['service', 'port'].filter((key) => value[key] !== undefined && (typeof value[key] !== 'string' || value[key] === ''));
  if (unknown.length > 0) problems.error('soap.mapping-invalid', `${SOAP_EXTENSION} reads only ${SERVICE_KEYS.join(', ')}; unknown: ${unknown.join(', ')}`, location);
  if (names.length > 0) problems.error('soap.mapping-invalid', `${SOAP_EXTENSION} ${names.join(' and ')} must be a name`, location);
  const wsdl = wsdlSource(value.wsdl.trim(), project, location, problems);
  if (wsdl === undefined || unknown.length > 0 || names.length > 0) return undefined;
  return {
    wsdl,
    ...(typeof value.service === 'string' && { service: value.service }),
    ...(typeof value.port === 'string' && { port: value.port }),
    location,
  };
}

/** An operation's `x-portico-soap: <WSDL operation>` (or `{ operation }`). */
export function readSoapOperation(operation: JsonObject, pointer: string, file: string, problems: ProblemCollector): SoapOperationMapping | undefined {
  const value = operation[SOAP_EXTENSION];
  if (value === undefined) return undefined;
  const location = locationOf(file, childPointer(pointer, SOAP_EXTENSION));
  const name = typeof value === 'string' ? value : isObject(value) && Object.keys(value).length === 1 ? value.operation : undefined;
  if (typeof name === 'string' && name.trim() !== '') return { operation: name.trim(), location };
  problems.error('soap.mapping-invalid', `${SOAP_EXTENSION} of an operation names the WSDL operation: <name> or { operation: <name> }, got ${writtenValue(value)}`, location);
  return undefined;
}

function wsdlSource(written: string, project: ProjectFiles | undefined, location: string, problems: ProblemCollector): WsdlSource | undefined {
  if (/^https?:\/\//i.test(written)) {
    if (URL.canParse(written)) return { kind: 'url', url: written };
    problems.error('soap.mapping-invalid', `${SOAP_EXTENSION} wsdl ${writtenValue(written)} is not a valid URL`, location);
    return undefined;
  }
  if (project === undefined) {
    problems.error('soap.wsdl-unavailable', `${written}: a definition deployed alone names its WSDL by http(s) URL; deploy an apictl project to bring the WSDL file with it`, location);
    return undefined;
  }
  const path = insideProject(written);
  const content = path === undefined ? undefined : project.get(path);
  if (path === undefined || content === undefined || !isSoapDocument(path)) {
    problems.error('soap.wsdl-unavailable', `${written} is not a .wsdl or .xsd file of the project (give its path from the project root)`, location);
    return undefined;
  }
  return projectDocument(path, content, project);
}

/** A `.wsdl`/`.xsd` document of the project, with the project's others for its imports. */
export function projectDocument(path: string, content: Buffer, project: ProjectFiles): WsdlSource & { kind: 'document' } {
  const files: Record<string, string> = {};
  for (const [name, bytes] of project) if (isSoapDocument(name)) files[name] = bytes.toString('utf8');
  return { kind: 'document', path, text: content.toString('utf8'), files };
}
