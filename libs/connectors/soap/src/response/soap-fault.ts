import { type XmlElement, resolveQName } from '../xml/xml-element.js';
import { SOAP_11, type SoapVersion } from '../soap-version.js';

/** The JSON a SOAP fault becomes. */
export interface SoapFaultJson {
  readonly code: string;
  /** SOAP 1.2 Subcode value, when the fault has one. */
  readonly subcode?: string;
  readonly string: string;
  /** SOAP 1.1 faultactor, SOAP 1.2 Role. */
  readonly actor?: string;
  readonly detail?: unknown;
}

/**
 * The backend said the request was wrong (1.1 `Client`, dotted refinements such as
 * `Client.Authentication` included; 1.2 `Sender`): 400, as the SOAP 1.2 HTTP binding maps a
 * Sender fault. Everything else (Server/Receiver, VersionMismatch, MustUnderstand, …) is the
 * backend's or the gateway's problem: 502.
 */
export const CLIENT_FAULT_STATUS = 400;
export const SERVER_FAULT_STATUS = 502;

export function readFault(fault: XmlElement, version: SoapVersion): { status: number; fault: SoapFaultJson } {
  // Some servers (soap's own, for internal errors) put 1.2-style Code/Reason in a 1.1 envelope.
  const shapedAs12 = fault.children.some((c) => c.localName === 'Code') && !fault.children.some((c) => c.localName === 'faultcode');
  const parsed = version === SOAP_11 && !shapedAs12 ? readFault11(fault, version) : readFault12(fault, version);
  const client = parsed.code === 'Client' || parsed.code.startsWith('Client.') || parsed.code === 'Sender';
  return { status: client ? CLIENT_FAULT_STATUS : SERVER_FAULT_STATUS, fault: parsed };
}

function readFault11(fault: XmlElement, version: SoapVersion): SoapFaultJson {
  const child = (name: string) => fault.children.find((c) => c.localName === name);
  const code = child('faultcode');
  const actor = child('faultactor')?.text.trim();
  const detail = child('detail');
  return {
    code: code ? codeName(code, version) : 'Server',
    string: child('faultstring')?.text.trim() ?? '',
    ...(actor ? { actor } : {}),
    ...(detail ? { detail: genericJson(detail) } : {}),
  };
}

function readFault12(fault: XmlElement, version: SoapVersion): SoapFaultJson {
  // Matched by local name: the 1.2 structure is sometimes sent in a 1.1 envelope.
  const child = (parent: XmlElement | undefined, name: string) => parent?.children.find((c) => c.localName === name);
  const code = child(fault, 'Code');
  const value = child(code, 'Value');
  const subcode = child(child(code, 'Subcode'), 'Value');
  const reason = child(fault, 'Reason');
  const texts = reason?.children.filter((c) => c.localName === 'Text') ?? [];
  const text = texts.find((t) => t.attributes['xml:lang']?.startsWith('en')) ?? texts[0];
  const actor = child(fault, 'Role')?.text.trim();
  const detail = child(fault, 'Detail');
  return {
    code: value ? codeName(value, version) : 'Receiver',
    ...(subcode ? { subcode: subcode.text.trim() } : {}),
    string: text?.text.trim() ?? '',
    ...(actor ? { actor } : {}),
    ...(detail ? { detail: genericJson(detail) } : {}),
  };
}

/** `soap:Client` → `Client`; a code in another namespace keeps its prefix as written. */
function codeName(element: XmlElement, version: SoapVersion): string {
  const written = element.text.trim();
  const { namespace, localName } = resolveQName(element, written);
  return namespace === version.envelopeNamespace ? localName : written;
}

/** Fault details are not typed (a WSDL fault message is optional and often absent): elements become objects, repeated ones arrays. */
export function genericJson(element: XmlElement): unknown {
  if (element.children.length === 0) return element.text.trim();
  // No prototype: element names such as __proto__ come from the backend.
  const json = Object.create(null) as Record<string, unknown>;
  for (const child of element.children) {
    const value = genericJson(child);
    const existing = json[child.localName];
    if (existing === undefined) json[child.localName] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else json[child.localName] = [existing, value];
  }
  return json;
}
