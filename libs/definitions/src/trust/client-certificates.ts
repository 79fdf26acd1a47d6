import { basename } from 'node:path';
import type { ClientCertificate } from '#core';
import { isObject, type JsonObject, stringOf } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import type { ProjectLayout } from '../reading/project-layout.js';
import { parsePemCertificates } from './pem-certificates.js';

/**
 * The client certificates mutual TLS accepts (spec §3.1, §11.8). client_certificates.yaml
 * (`data: [{alias, certificate, tierName}]`) names them; each named file must be in
 * Client-certificates/ and be PEM. A project without the yaml accepts every certificate file of
 * the folder, its file name as alias. `certificateMap` is the yaml as read (undefined when absent).
 */
export function readClientCertificates(
  files: ProjectFiles,
  layout: ProjectLayout,
  certificateMap: JsonObject | undefined,
  problems: ProblemCollector,
): ClientCertificate[] {
  const byFile = new Map<string, { path: string; pems: string[] | undefined }>();
  for (const path of layout.clientCertificates) {
    const pems = parsePemCertificates(files.get(path) ?? Buffer.alloc(0));
    if (!pems) problems.error('certificate.invalid', `certificate Validation Error: ${path}`, path);
    byFile.set(basename(path), { path, pems });
  }
  const mapPath = layout.clientCertificateMap;
  if (mapPath === undefined) {
    return [...byFile].flatMap(([file, { pems }]) => (pems ?? []).map((pem) => ({ alias: file, pem })));
  }
  if (certificateMap === undefined) return [];
  if (!Array.isArray(certificateMap.data)) {
    problems.error('project.file-invalid', `${mapPath}: expected data: [{alias, certificate, tierName}]`, `${mapPath}#/data`);
    return [];
  }
  const certificates: ClientCertificate[] = [];
  certificateMap.data.forEach((entry: unknown, i) => {
    const at = `${mapPath}#/data/${i}`;
    const alias = isObject(entry) ? stringOf(entry.alias)?.trim() : undefined;
    const certificate = isObject(entry) ? stringOf(entry.certificate)?.trim() : undefined;
    if (!alias || !certificate) {
      problems.error('project.file-invalid', `${mapPath}: entry ${i} needs an alias and a certificate`, at);
      return;
    }
    const file = byFile.get(basename(certificate));
    if (file === undefined) {
      problems.error('certificate.invalid', `${mapPath}: certificate file ${certificate} is not in Client-certificates/`, `${at}/certificate`);
      return;
    }
    const tierName = isObject(entry) ? stringOf(entry.tierName)?.trim() : undefined;
    for (const pem of file.pems ?? []) certificates.push({ alias, ...(tierName && { tierName }), pem });
  });
  return certificates;
}
