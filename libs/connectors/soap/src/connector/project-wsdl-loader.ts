import { posix } from 'node:path';
import type { WsdlImportLoader } from '../wsdl/wsdl-loader.js';

/**
 * Imports of a WSDL that came with its project: only the project's own `.wsdl`/`.xsd` files, by
 * their path from the project root (the engine resolves relative references against the
 * importing document's path). A URL, an absolute path or a path leaving the project is refused.
 */
export function projectWsdlLoader(files: Readonly<Record<string, string>>): WsdlImportLoader {
  return (location) => {
    const path = /^[a-z][a-z0-9+.-]*:/i.test(location) ? undefined : posix.normalize(location);
    if (path === undefined || posix.isAbsolute(path) || path === '..' || path.startsWith('../')) {
      return Promise.reject(new Error(`${location} is outside the project: a project WSDL imports only the project's own .wsdl and .xsd files`));
    }
    const text = Object.hasOwn(files, path) ? files[path] : undefined;
    return text === undefined ? Promise.reject(new Error(`${path} is not a .wsdl or .xsd file of the project`)) : Promise.resolve(text);
  };
}
