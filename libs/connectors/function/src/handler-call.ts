import type { FunctionContext, FunctionHandler, FunctionRequest } from './function-handler.js';
import { dropResponseBody } from './stream-drop.js';

/** How a handler call ended, as far as the try is concerned. */
export type HandlerOutcome =
  | { readonly kind: 'returned'; readonly value: unknown }
  | { readonly kind: 'threw'; readonly error: unknown }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted'; readonly reason: unknown };

/** The reason the handler's signal carries when its time ran out. */
export class FunctionTimeoutError extends Error {
  override name = 'TimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`the function did not answer within ${timeoutMs} ms`);
  }
}

/**
 * Calls a handler and waits for its response, at most `timeoutMs`, or until `controller`'s
 * signal is aborted (the client left). On timeout the signal is aborted for the handler to stop.
 * The handler runs in the gateway's process: a synchronous loop cannot be interrupted, and
 * whatever it returns after the try gave up is dropped (a stream destroyed).
 */
export function callHandler(
  handler: FunctionHandler,
  request: FunctionRequest,
  log: FunctionContext['log'],
  timeoutMs: number,
  controller: AbortController,
): Promise<HandlerOutcome> {
  const signal = controller.signal;
  if (signal.aborted) return Promise.resolve({ kind: 'aborted', reason: signal.reason });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HandlerOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
      resolve(outcome);
    };
    const aborted = (): void => settle({ kind: 'aborted', reason: signal.reason });
    const timer = setTimeout(() => {
      settle({ kind: 'timeout' });
      controller.abort(new FunctionTimeoutError(timeoutMs));
    }, timeoutMs);
    signal.addEventListener('abort', aborted, { once: true });
    let returned: unknown;
    try {
      returned = handler(request, { signal, log });
    } catch (error) {
      settle({ kind: 'threw', error });
      return;
    }
    Promise.resolve(returned).then(
      (value) => (settled ? dropResponseBody(value) : settle({ kind: 'returned', value })),
      (error: unknown) => settle({ kind: 'threw', error }),
    );
  });
}
