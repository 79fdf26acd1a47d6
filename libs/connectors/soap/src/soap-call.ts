import { type SoapSender } from './http/soap-http-sender.js';
import { type SoapRequestInput } from './request/soap-request-input.js';
import { type SoapMediatedResponse } from './response/soap-response-reader.js';
import { type SoapOperation } from './soap-operation.js';

export interface SoapCallOptions {
  /** The member chosen for this try (its URL, path included): retries and failover pick again. */
  readonly endpoint: string;
  readonly sender: SoapSender;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * One try of a mediated call: JSON in, JSON out. Throws SoapRequestError (400) before anything is
 * sent, SoapTransportError when the exchange fails, SoapResponseError (502) for an unusable answer.
 * A retrying caller builds the request once with operation.buildRequest and sends it per try.
 */
export async function callSoapOperation(operation: SoapOperation, input: SoapRequestInput, options: SoapCallOptions): Promise<SoapMediatedResponse> {
  const request = operation.buildRequest(input);
  const answer = await options.sender.send(options.endpoint, request, { signal: options.signal, timeoutMs: options.timeoutMs });
  return operation.readResponse(answer);
}
