import { ContractViolation } from './contract-verdict.js';

/**
 * Waits for `promise` at most `ms`: past that, a ContractViolation saying that `what` did not
 * happen in time. Every wait of the suite goes through here, so no check can hang.
 */
export function within<T>(what: string, ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ContractViolation(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Resolves after `ms` (a pause that is part of a scenario, never a measurement). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
