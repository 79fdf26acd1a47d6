import type { ContractCheckId } from './contract-subject.js';

/** What one check came to; `reason` says what the connector did wrong, or why the check does not apply. */
export type ContractVerdict =
  | { readonly check: ContractCheckId; readonly status: 'passed' }
  | { readonly check: ContractCheckId; readonly status: 'failed'; readonly reason: string }
  | { readonly check: ContractCheckId; readonly status: 'not-applicable'; readonly reason: string };

/** A broken rule of the contract, thrown inside a check and turned into a `failed` verdict. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/** Throws a ContractViolation saying `why` unless `condition` holds. */
export function demand(condition: boolean, why: string): asserts condition {
  if (!condition) throw new ContractViolation(why);
}

/** A value for messages: JSON where it can be, shortened. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = value instanceof Error ? `${value.name}: ${value.message}` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
