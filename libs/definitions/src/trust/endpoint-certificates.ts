import { basename } from 'node:path';
import type { EndpointUrl } from '#core';
import { isObject, type JsonObject, stringOf } from '../json/json-value.js';
import type { ProblemCollector } from '../problems/problem-collector.js';
import type { ProjectFiles } from '../reading/project-files.js';
import type { ProjectLayout } from '../reading/project-layout.js';
import { parsePemCertificates } from './pem-certificates.js';

/** Decides the certificates trusted for each TLS endpoint URL of one API. */
export type EndpointTrust = (url: EndpointUrl) => EndpointUrl;

const KEEP_GLOBAL_TRUST: EndpointTrust = (url) => url;

/**
 * Per-API backend certificates (spec §14.2): every `.crt`/`.pem` under Endpoint-certificates/
 * must be PEM. A certificate mapped in endpoint_certificates.yaml is trusted only for the URL
 * written exactly as its `endpoint`; the unmapped ones form a bundle for every other https/wss
 * URL. An API without certificates keeps the gateway-wide trust store. `certificateMap` is
 * endpoint_certificates.yaml as read (undefined when absent or unreadable).
 */
export function readEndpointTrust(files: ProjectFiles, layout: ProjectLayout, certificateMap: JsonObject | undefined, problems: ProblemCollector): EndpointTrust {
  const byFile = new Map<string, string[]>();
  for (const path of [...layout.endpointCertificates, ...layout.interceptorCertificates]) {
    const pems = parsePemCertificates(files.get(path) ?? Buffer.alloc(0));
    if (!pems) problems.error('certificate.invalid', `certificate Validation Error: ${path}`, path);
    else if (layout.endpointCertificates.includes(path)) byFile.set(basename(path), pems);
  }
  const mapping = certificateMap && layout.endpointCertificateMap ? readMapping(certificateMap, layout.endpointCertificateMap, byFile, problems) : [];
  if (byFile.size === 0) return KEEP_GLOBAL_TRUST;
  const byUrl = new Map<string, string[]>();
  for (const { endpoint, certificate } of mapping) {
    byUrl.set(endpoint, [...(byUrl.get(endpoint) ?? []), ...(byFile.get(certificate) ?? [])]);
  }
  const mappedFiles = new Set(mapping.map((m) => m.certificate));
  const bundle = [...byFile].filter(([file]) => !mappedFiles.has(file)).flatMap(([, pems]) => pems);
  return (url) => {
    if (url.scheme !== 'https' && url.scheme !== 'wss') return url;
    const trusted = byUrl.get(url.rawUrl) ?? (bundle.length > 0 ? bundle : undefined);
    return trusted ? { ...url, trustedCertificates: trusted } : url;
  };
}

interface CertificateMapping {
  readonly endpoint: string;
  readonly certificate: string;
}

/** endpoint_certificates.yaml: `data: [{alias, endpoint, certificate}]`; a broken file aborts the deploy. */
function readMapping(root: JsonObject, path: string, byFile: ReadonlyMap<string, string[]>, problems: ProblemCollector): CertificateMapping[] {
  if (!Array.isArray(root.data)) {
    problems.error('project.file-invalid', `${path}: expected data: [{alias, endpoint, certificate}]`, `${path}#/data`);
    return [];
  }
  const mapping: CertificateMapping[] = [];
  root.data.forEach((entry: unknown, i) => {
    const endpoint = isObject(entry) ? stringOf(entry.endpoint)?.trim() : undefined;
    const certificate = isObject(entry) ? stringOf(entry.certificate) : undefined;
    if (!endpoint || !certificate) {
      problems.error('project.file-invalid', `${path}: entry ${i} needs an endpoint and a certificate`, `${path}#/data/${i}`);
      return;
    }
    const file = basename(certificate);
    if (!byFile.has(file)) {
      problems.warn('project.file-invalid', `${path}: certificate ${certificate} is not in Endpoint-certificates/; the mapping is ignored`, `${path}#/data/${i}`);
      return;
    }
    mapping.push({ endpoint, certificate: file });
  });
  return mapping;
}
