import type { AuditEvent } from '#core';

/** One audit line: the event, stamped. */
export interface AuditRecord extends AuditEvent {
  readonly type: 'audit';
  readonly time: string;
}

/** Names and messages come from clients: bounded, so one event stays one reasonable line. */
const MAX_TEXT = 200;

/** The record of `event`, with its fields in a fixed order (undefined ones are left out of the JSON). */
export function auditRecord(event: AuditEvent, now: Date = new Date()): AuditRecord {
  return {
    type: 'audit',
    time: now.toISOString(),
    action: event.action,
    actor: bounded(event.actor),
    client: event.client,
    target: bounded(event.target),
    outcome: event.outcome,
    status: event.status,
    code: event.code,
    detail: bounded(event.detail),
  };
}

/** The message of an audit record in the log: `deploy success by admin from 127.0.0.1: Pets:1.0 (201)`. */
export function auditSummary(event: AuditEvent): string {
  const who = event.actor === undefined ? 'unauthenticated' : `by ${bounded(event.actor)}`;
  const what = event.target === undefined ? '' : `: ${bounded(event.target)}`;
  const code = event.code === undefined ? '' : ` ${event.code}`;
  return `${event.action} ${event.outcome} ${who} from ${event.client}${what} (${event.status}${code})`;
}

function bounded(text: string | undefined): string | undefined {
  return text === undefined || text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}…`;
}
