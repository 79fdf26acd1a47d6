import type { ApiType, ServedWsdl } from '#core';
import { locationOf } from '../json/json-pointer.js';
import { isObject, type JsonObject, writtenValue } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import { insideProject } from '../reading/project-path.js';
import { projectDocument } from './soap-extension.js';

export const WSDL_EXTENSION = 'x-portico-wsdl';

const KEYS = ['path', 'public'];

/**
 * The WSDL a SOAP API (api.yaml `type: SOAP`) serves at `<base path>?wsdl`: the root
 * `x-portico-wsdl: <project path>` (or `{ path?, public? }`), else the project's only `.wsdl`
 * file. A project with several and no choice serves none (a warning says so); a definition
 * deployed alone has no project, so no WSDL to serve.
 */
export function readServedWsdl(root: JsonObject, file: string, type: ApiType, project: ProjectFiles | undefined, problems: ProblemCollector): ServedWsdl | undefined {
  const value = root[WSDL_EXTENSION];
  const location = locationOf(file, `/${WSDL_EXTENSION}`);
  const written: WrittenChoice | undefined = value === undefined ? { public: true } : writtenChoice(value, location, problems);
  if (written === undefined) return undefined;
  if (value !== undefined && type !== 'SOAP') {
    problems.error('soap.mapping-invalid', `${WSDL_EXTENSION} is read only for SOAP APIs (api.yaml type: SOAP); this API is of type ${type}`, location);
    return undefined;
  }
  if (type !== 'SOAP') return undefined;
  if (written.path !== undefined) return namedDocument(written.path, written.public, project, location, problems);
  const candidates = project === undefined ? [] : [...project.keys()].filter((path) => path.endsWith('.wsdl'));
  if (candidates.length > 1) {
    const names = candidates.sort().join(', ');
    problems.warn('soap.wsdl-unavailable', `the project has several WSDL files (${names}): name the one to serve at ?wsdl with ${WSDL_EXTENSION}: <path>; none is served`, location);
  }
  if (candidates.length !== 1 || project === undefined) {
    if (value !== undefined) problems.error('soap.wsdl-unavailable', `${WSDL_EXTENSION} asks for a WSDL, but the project has ${candidates.length === 0 ? 'no .wsdl file' : 'several'}: give its path`, location);
    return undefined;
  }
  return { document: projectDocument(candidates[0], project.get(candidates[0])!, project), public: written.public };
}

interface WrittenChoice {
  readonly path?: string;
  readonly public: boolean;
}

function writtenChoice(value: unknown, location: string, problems: ProblemCollector): WrittenChoice | undefined {
  if (typeof value === 'string' && value.trim() !== '') return { path: value.trim(), public: true };
  if (isObject(value)) {
    const unknown = Object.keys(value).filter((key) => !KEYS.includes(key));
    const path = value.path;
    const open = value.public;
    const pathValid = path === undefined || (typeof path === 'string' && path.trim() !== '');
    const publicValid = open === undefined || typeof open === 'boolean';
    if (unknown.length === 0 && pathValid && publicValid) return { ...(typeof path === 'string' && { path: path.trim() }), public: open !== false };
  }
  problems.error('soap.mapping-invalid', `${WSDL_EXTENSION} must be a project path or a map { path?: <project path>, public?: true|false }, got ${writtenValue(value)}`, location);
  return undefined;
}

function namedDocument(written: string, open: boolean, project: ProjectFiles | undefined, location: string, problems: ProblemCollector): ServedWsdl | undefined {
  if (project === undefined) {
    problems.error('soap.wsdl-unavailable', `${written}: a definition deployed alone has no project files; deploy an apictl project to bring the WSDL with it`, location);
    return undefined;
  }
  const path = insideProject(written);
  const content = path === undefined ? undefined : project.get(path);
  if (path === undefined || content === undefined || !path.endsWith('.wsdl')) {
    problems.error('soap.wsdl-unavailable', `${written} is not a .wsdl file of the project (give its path from the project root)`, location);
    return undefined;
  }
  return { document: projectDocument(path, content, project), public: open };
}
