import { type XmlElement } from '../xml/xml-element.js';
import { readXml, XmlSyntaxError } from '../xml/xml-reader.js';
import { type XsdElement } from '../xsd/xsd-model.js';
import { soapVersionOfEnvelopeNamespace } from '../soap-version.js';
import { SoapResponseError } from '../soap-errors.js';
import { readFault, type SoapFaultJson } from './soap-fault.js';
import { complexToJson, elementToJson } from './xml-to-json.js';

/** What the REST client gets: the output message as JSON, or a fault as an HTTP error. */
export interface SoapMediatedResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface SoapFaultResponse extends SoapMediatedResponse {
  readonly body: { readonly fault: SoapFaultJson };
}

/** The backend's HTTP answer, read completely (SOAP bodies are read whole to be converted). */
export interface SoapHttpAnswer {
  readonly status: number;
  readonly body: string | Buffer;
}

/**
 * Turns a SOAP response into JSON typed by the operation's output element. A fault in either SOAP
 * version is mapped whatever the endpoint's version (a 1.2 endpoint may answer VersionMismatch in
 * 1.1). Anything that is not a SOAP envelope, or not the expected output, is a SoapResponseError.
 */
export function readSoapResponse(answer: SoapHttpAnswer, output: XsdElement | undefined): SoapMediatedResponse {
  const envelope = parseEnvelope(answer);
  const version = soapVersionOfEnvelopeNamespace(envelope.namespace)!;
  const body = envelope.children.find((c) => c.localName === 'Body' && c.namespace === version.envelopeNamespace);
  if (!body) throw new SoapResponseError(`the backend's SOAP ${version.name} envelope has no Body (HTTP ${answer.status})`);
  const payload = body.children[0];
  if (payload && payload.localName === 'Fault' && payload.namespace === version.envelopeNamespace) {
    const { status, fault } = readFault(payload, version);
    return { status, body: { fault } };
  }
  if (answer.status < 200 || answer.status > 299) {
    throw new SoapResponseError(`the backend answered HTTP ${answer.status} without a SOAP fault`);
  }
  if (!output) return { status: answer.status === 202 ? 202 : 200, body: null };
  if (!payload || payload.localName !== output.name || payload.namespace !== output.namespace) {
    const got = payload ? `{${payload.namespace}}${payload.localName}` : 'an empty Body';
    throw new SoapResponseError(`the backend answered with ${got}, not the output element {${output.namespace}}${output.name}`);
  }
  if (output.type.kind !== 'complex') return { status: 200, body: elementToJson(output, payload, output.name) };
  // An empty wrapper (`<DoResponse/>`) is an empty object, not null.
  return { status: 200, body: complexToJson(output.type, payload, output.name) ?? {} };
}

function parseEnvelope(answer: SoapHttpAnswer): XmlElement {
  let root: XmlElement;
  try {
    root = readXml(typeof answer.body === 'string' ? answer.body : answer.body.toString('utf8'));
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw new SoapResponseError(`the backend's answer (HTTP ${answer.status}) is not XML: ${error.message}`);
  }
  if (root.localName !== 'Envelope' || !soapVersionOfEnvelopeNamespace(root.namespace)) {
    throw new SoapResponseError(`the backend's answer (HTTP ${answer.status}) is not a SOAP envelope but {${root.namespace}}${root.localName}`);
  }
  return root;
}
