import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { ClientKeyPair } from '#core';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import { insideProject } from '../reading/project-path.js';
import { parsePemCertificates } from '../trust/pem-certificates.js';

/** The two files of a client certificate as written in the definition, and where each was written. */
export interface KeyPairFiles {
  readonly certificateFile: { readonly path: string; readonly location: string };
  readonly keyFile: { readonly path: string; readonly location: string };
}

type ProjectKeyPair = Exclude<ClientKeyPair, { readonly name: string }>;

/**
 * Reads a client certificate and its key from the project (x-portico-tls): paths relative to the
 * project root, never leaving it; the certificate must be PEM, the key a PEM private key that
 * belongs to it. Each problem names the file. Undefined when any is found.
 */
export function readProjectKeyPair(files: KeyPairFiles, project: ProjectFiles, problems: ProblemCollector): ProjectKeyPair | undefined {
  const certificate = projectFile(files.certificateFile, project, problems);
  const key = projectFile(files.keyFile, project, problems);
  if (!certificate || !key) return undefined;
  const chain = parsePemCertificates(certificate.content);
  if (!chain) problems.error('certificate.invalid', `${certificate.path} is not a PEM certificate (x-portico-tls client certificate)`, files.certificateFile.location);
  const keyText = key.content.toString('utf8');
  const privateKey = privateKeyOf(keyText);
  if (!privateKey) problems.error('certificate.invalid', `${key.path} is not a PEM private key (x-portico-tls client key)`, files.keyFile.location);
  if (!chain || !privateKey) return undefined;
  if (!new X509Certificate(chain[0]).checkPrivateKey(privateKey)) {
    problems.error('certificate.key-mismatch', `the key in ${key.path} does not belong to the certificate in ${certificate.path}`, files.keyFile.location);
    return undefined;
  }
  return { certificateFile: certificate.path, keyFile: key.path, certificate: chain.join('\n'), key: keyText };
}

function projectFile(file: { path: string; location: string }, project: ProjectFiles, problems: ProblemCollector): { path: string; content: Buffer } | undefined {
  const path = insideProject(file.path);
  if (path === undefined) {
    problems.error('endpoint.tls-invalid', `${file.path}: give a path relative to the project root, without '..'`, file.location);
    return undefined;
  }
  const content = project.get(path);
  if (content === undefined) {
    problems.error('endpoint.tls-invalid', `${path} is not in the project (Portico reads .pem, .crt and .key files for x-portico-tls)`, file.location);
    return undefined;
  }
  return { path, content };
}

function privateKeyOf(text: string): KeyObject | undefined {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return undefined;
  try {
    return createPrivateKey(text);
  } catch {
    return undefined;
  }
}
