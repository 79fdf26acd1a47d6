import type { RequestRecord } from '#core';

/** Turns a finished request into one access log line (with its newline). */
export type AccessLogFormat = (record: RequestRecord, time: string) => string;

/** Milliseconds with µs precision: enough to tell a 0.2 ms gateway from a 0.3 ms one, short in the line. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * One JSON object per line. Strings that can come from a client or a definition go through
 * JSON.stringify; the rest (numbers, the checked request id, the key type) cannot break the line.
 * Fields without a value are left out rather than written as null.
 */
export const jsonAccessLine: AccessLogFormat = (record, time) => {
  const { route, cluster } = record;
  let line = `{"type":"access","time":"${time}","requestId":"${record.id}","client":${JSON.stringify(record.clientAddress)},"method":${JSON.stringify(record.method)},"path":${JSON.stringify(record.path)},"status":${record.status}`;
  if (route !== undefined) {
    line += `,"api":${JSON.stringify(route.api.name)},"apiVersion":${JSON.stringify(route.api.version)},"resource":${JSON.stringify(route.resource.path)}`;
  }
  if (record.keyType !== undefined) line += `,"keyType":"${record.keyType}"`;
  if (cluster !== undefined) {
    line += `,"cluster":"${cluster.id}","endpointSet":${JSON.stringify(cluster.endpointSet.name)}`;
    if (record.endpoint >= 0) line += `,"endpoint":${JSON.stringify(cluster.endpointSet.urls[record.endpoint].rawUrl)}`;
    line += `,"attempts":${record.attempts}`;
  }
  if (record.upstreamMs >= 0) line += `,"upstreamMs":${ms(record.upstreamMs)}`;
  line += `,"durationMs":${ms(record.durationMs)},"bytesIn":${record.bytesIn},"bytesOut":${record.bytesOut}`;
  if (record.error !== undefined) line += `,"errorCode":"${record.error.code}"`;
  if (!record.completed && record.status !== 101) line += ',"cut":true';
  return `${line}}\n`;
};

/** A logfmt value: bare when it can be, else quoted with `"` and `\` escaped and control characters shown as escapes. */
function logfmtValue(value: string): string {
  if (value !== '' && /^[\x21\x23-\x3c\x3e-\x5b\x5d-\x7e]+$/.test(value)) return value;
  return JSON.stringify(value);
}

/** `key=value` pairs (logfmt), the same fields in the same order as the JSON line. */
export const logfmtAccessLine: AccessLogFormat = (record, time) => {
  const { route, cluster } = record;
  let line = `type=access time=${time} requestId=${record.id} client=${logfmtValue(record.clientAddress)} method=${logfmtValue(record.method)} path=${logfmtValue(record.path)} status=${record.status}`;
  if (route !== undefined) line += ` api=${logfmtValue(route.api.name)} apiVersion=${logfmtValue(route.api.version)} resource=${logfmtValue(route.resource.path)}`;
  if (record.keyType !== undefined) line += ` keyType=${record.keyType}`;
  if (cluster !== undefined) {
    line += ` cluster=${cluster.id} endpointSet=${logfmtValue(cluster.endpointSet.name)}`;
    if (record.endpoint >= 0) line += ` endpoint=${logfmtValue(cluster.endpointSet.urls[record.endpoint].rawUrl)}`;
    line += ` attempts=${record.attempts}`;
  }
  if (record.upstreamMs >= 0) line += ` upstreamMs=${ms(record.upstreamMs)}`;
  line += ` durationMs=${ms(record.durationMs)} bytesIn=${record.bytesIn} bytesOut=${record.bytesOut}`;
  if (record.error !== undefined) line += ` errorCode=${record.error.code}`;
  if (!record.completed && record.status !== 101) line += ' cut=true';
  return `${line}\n`;
};

export const ACCESS_LOG_FORMATS: Readonly<Record<'json' | 'logfmt', AccessLogFormat>> = { json: jsonAccessLine, logfmt: logfmtAccessLine };
