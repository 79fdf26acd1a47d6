import { Logger } from '@nestjs/common';
import {
  answerRequestError,
  type Connector,
  type ForwardOutcome,
  printable,
  REQUEST_ERRORS,
  type ResponseTarget,
  ThrottledLog,
  type UpstreamRequest,
} from '#core';
import { FUNCTION_ERRORS } from './function-errors.js';
import type { FunctionHandler } from './function-handler.js';
import { type ApiName, functionRequest, RequestBodyNotJsonError } from './function-request.js';
import { checkResponse } from './function-response.js';
import { callHandler } from './handler-call.js';
import { BODY_TOO_LARGE, drain, readRequestBody } from './request-body.js';
import { writeResponse } from './response-writer.js';
import { dropResponseBody } from './stream-drop.js';

/** What one cluster runs: a handler of an imported module. */
export interface FunctionTarget {
  readonly api: ApiName;
  /** The module as the definition names it, for log lines. */
  readonly module: string;
  readonly handler: FunctionHandler;
  readonly maxBodyBytes: number;
}

const ABORTED = { kind: 'failure', failure: 'aborted', headSent: false } as const;
const TIMED_OUT = { kind: 'failure', failure: 'timeout', headSent: false } as const;

/**
 * Serves an endpoint set with a local handler, in process: reads the request body whole, calls the
 * handler with the try's time limit and cancellation, and sends what it returns. The data plane
 * still runs security, key-type selection, retries, timeouts and admission around it.
 */
export class FunctionConnector implements Connector {
  /** A failing handler fails every request alike: per module, a line at once, then a count a minute. */
  private static readonly failures = new ThrottledLog((line) => new Logger('FunctionConnector').warn(line));
  private readonly logger: Logger;

  constructor(private readonly target: FunctionTarget) {
    this.logger = new Logger(`Function ${printable(target.module, 100)}`);
  }

  async forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
    const controller = new AbortController();
    request.cancellation.onCancel((reason) => controller.abort(reason));
    const { maxBodyBytes } = this.target;
    if (controller.signal.aborted) {
      drain(request.body);
      return ABORTED;
    }
    if (Number(request.headers['content-length']) > maxBodyBytes) {
      drain(request.body);
      return this.tooLarge(target);
    }
    let body: Buffer | typeof BODY_TOO_LARGE;
    try {
      body = await readRequestBody(request.body, maxBodyBytes, controller.signal);
    } catch (error) {
      // The client went away or the try was cancelled, or the gateway's own body limit cut the stream (it answers 413 itself).
      return { ...ABORTED, cause: error };
    }
    if (body === BODY_TOO_LARGE) return this.tooLarge(target);
    const call = await callHandler(this.target.handler, functionRequest(request, body, this.target.api), this.log, request.timeoutMs, controller);
    switch (call.kind) {
      case 'timeout':
        return TIMED_OUT;
      case 'aborted':
        return { ...ABORTED, cause: call.reason };
      case 'threw':
        if (call.error instanceof RequestBodyNotJsonError) return answerRequestError(target, REQUEST_ERRORS.badRequest, call.error.message);
        return this.failed(target, FUNCTION_ERRORS.failed, messageOf(call.error));
      case 'returned': {
        const checked = checkResponse(call.value);
        if ('invalid' in checked) {
          dropResponseBody(call.value);
          return this.failed(target, FUNCTION_ERRORS.invalidResponse, checked.invalid);
        }
        const outcome = await writeResponse(target, checked.response, controller.signal);
        if (outcome.kind === 'failure' && outcome.failure === 'termination') this.note(`its response stream failed: ${messageOf(outcome.cause)}`);
        return outcome;
      }
    }
  }

  /** Holds nothing: handlers and their modules belong to the process (Node never unloads a module). */
  dispose(): Promise<void> {
    return Promise.resolve();
  }

  private readonly log = (message: string): void => {
    this.logger.log(printable(String(message), 2000));
  };

  private tooLarge(target: ResponseTarget): ForwardOutcome {
    return answerRequestError(target, REQUEST_ERRORS.payloadTooLarge, `The request body exceeds ${this.target.maxBodyBytes} bytes, the limit of this function.`);
  }

  private failed(target: ResponseTarget, error: (typeof FUNCTION_ERRORS)[keyof typeof FUNCTION_ERRORS], description: string): ForwardOutcome {
    this.note(`${error.message.toLowerCase()}: ${description} (answered ${error.status} ${error.code})`);
    return answerRequestError(target, error, description);
  }

  private note(what: string): void {
    const { api, module } = this.target;
    FunctionConnector.failures.note(`function ${module}`, `function ${printable(module, 100)} of ${printable(api.name, 100)}:${printable(api.version, 50)} ${printable(what)}`);
  }
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}
