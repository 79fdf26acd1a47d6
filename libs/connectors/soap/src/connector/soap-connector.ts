import { Logger } from '@nestjs/common';
import {
  answerRequestError,
  answerWhole,
  type Cancellation,
  type Connector,
  type ForwardOutcome,
  REQUEST_ERRORS,
  type ResponseTarget,
  printable,
  type ProbeResult,
  ThrottledLog,
  type UpstreamRequest,
} from '#core';
import type { EndpointProbe } from '#upstream';
import type { SoapSender } from '../http/soap-http-sender.js';
import type { SoapHttpRequest } from '../request/soap-request-input.js';
import { SoapRequestError, SoapResponseError, SoapTransportError } from '../soap-errors.js';
import { forwardedHeaders } from './forwarded-headers.js';
import { JsonBodyError, readJsonBody } from './json-request-body.js';
import { passedQuery } from './rest-parameters.js';
import type { SoapRoute } from './soap-api-preparation.js';

const UNREADABLE = 'The answer of the SOAP backend could not be read';

/** One member of the cluster: where its SOAP requests go, and what sends them there. */
export interface SoapMember {
  /** The member's URL, base path included: the SOAP endpoint. */
  readonly url: string;
  readonly basePath: string;
  readonly sender: SoapSender & { dispose(): Promise<void> };
  /** Health probes of the member (spec §8.2), dialled as its SOAP requests are. */
  readonly probe: EndpointProbe;
}

/**
 * REST-to-SOAP (issue 19): a try turns the JSON request into the mapped operation's SOAP message,
 * sends it to the member the data plane chose and answers the SOAP response as JSON. The data
 * plane drives retries, failover and timeouts from the outcomes, as for the REST connector.
 */
export class SoapConnector implements Connector {
  /** A backend whose answers cannot be read fails every request the same way: one line, then a count a minute. */
  private static readonly unreadable = new ThrottledLog((line) => new Logger('SoapConnector').warn(line));
  private disposal: Promise<void> | undefined;

  constructor(
    /** By the REST operation's location. */
    private readonly routes: ReadonlyMap<string, SoapRoute>,
    private readonly members: readonly SoapMember[],
    private readonly maxRequestBytes: number,
    /** The cluster's name for log lines, e.g. `Orders:1.0.0 PRODUCTION`. */
    private readonly label: string,
  ) {}

  async forward(request: UpstreamRequest, target: ResponseTarget): Promise<ForwardOutcome> {
    const route = request.operation && this.routes.get(request.operation.location);
    const member = this.members[request.endpoint] as SoapMember | undefined;
    if (route === undefined || member === undefined) {
      request.body?.resume();
      if (member === undefined) return answerRequestError(target, REQUEST_ERRORS.upstreamNotConfigured, REQUEST_ERRORS.upstreamNotConfigured.description);
      const what = request.operation ? `${request.operation.method} on this resource` : `${request.method} on a resource the definition does not declare`;
      return answerRequestError(target, REQUEST_ERRORS.soapOperationUnmapped, `${what} is not mapped to a SOAP operation (x-portico-soap).`);
    }
    const controller = abortOn(request.cancellation);
    if (controller.signal.aborted) return aborted(controller.signal.reason);
    // A client gone while its body is read: reading ends with the stream's error.
    controller.signal.addEventListener('abort', () => request.body?.destroy(), { once: true });
    const pathAndQuery = request.path.slice(member.basePath.length);
    let soapRequest: SoapHttpRequest;
    try {
      const body = await readJsonBody(request.body, this.maxRequestBytes);
      const parameters = route.path.parameters(pathAndQuery);
      soapRequest = route.operation.buildRequest({ body, parameters });
    } catch (error) {
      if (error instanceof JsonBodyError) {
        const spec = error.status === 413 ? REQUEST_ERRORS.payloadTooLarge : REQUEST_ERRORS.soapRequestInvalid;
        return answerRequestError(target, spec, error.message);
      }
      if (error instanceof SoapRequestError) {
        return answerRequestError(target, REQUEST_ERRORS.soapRequestInvalid, `The request does not fit the SOAP input message: ${error.issues.join('; ')}`);
      }
      // The client's body stream failed: it went away.
      return aborted(error);
    }
    const headers = { ...forwardedHeaders(request.headers), ...soapRequest.headers };
    try {
      const url = member.url + passedQuery(pathAndQuery, route.operation.input.type.fieldsByName);
      const answer = await member.sender.send(url, { body: soapRequest.body, headers }, { signal: controller.signal, timeoutMs: request.timeoutMs });
      const mediated = route.operation.readResponse(answer);
      return answerJson(target, mediated.status, mediated.body === null ? undefined : JSON.stringify(mediated.body));
    } catch (error) {
      if (error instanceof SoapResponseError) return this.unreadable(target, member, error.message);
      if (!(error instanceof SoapTransportError)) throw error;
      if (error.failure === 'too-large') return this.unreadable(target, member, 'it exceeds the size limit of SOAP responses');
      return { kind: 'failure', failure: error.failure, headSent: false, cause: error.cause ?? error };
    }
  }

  probe(endpoint: number, path: string | undefined, signal: AbortSignal): Promise<ProbeResult> {
    const member = this.members[endpoint] as SoapMember | undefined;
    return member === undefined ? Promise.resolve({ healthy: false, detail: `no endpoint ${endpoint}` }) : member.probe.run(path, signal);
  }

  /** The backend answered something that is no usable SOAP response: 502 to the client, a line for the operator. */
  private unreadable(target: ResponseTarget, member: SoapMember, why: string): ForwardOutcome {
    SoapConnector.unreadable.note(`unreadable ${this.label} ${member.url}`, `${UNREADABLE} for ${printable(this.label)} via ${printable(member.url)}: ${printable(why)} (answered 502 103512)`);
    return answerRequestError(target, REQUEST_ERRORS.soapResponseInvalid, `${UNREADABLE}: ${why}`);
  }

  /** Lets in-flight exchanges finish, then releases every connection. */
  dispose(): Promise<void> {
    this.disposal ??= Promise.all(this.members.map((m) => m.sender.dispose())).then(() => undefined);
    return this.disposal;
  }
}

/** An AbortSignal for the try, aborted when the data plane cancels it (client gone, gave up). */
function abortOn(cancellation: Cancellation): AbortController {
  const controller = new AbortController();
  cancellation.onCancel((reason) => controller.abort(reason));
  return controller;
}

function aborted(cause: unknown): ForwardOutcome {
  return { kind: 'failure', failure: 'aborted', headSent: false, cause };
}

/** A complete JSON answer (no body when `json` is undefined). */
function answerJson(target: ResponseTarget, statusCode: number, json: string | undefined): ForwardOutcome {
  return answerWhole(target, statusCode, json === undefined ? {} : { 'content-type': 'application/json' }, json === undefined ? undefined : Buffer.from(json, 'utf8'));
}
