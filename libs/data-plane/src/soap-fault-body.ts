import type { RequestErrorSpec } from '#core';

/** The SOAP version of a fault: 1.1 for `text/xml` + `SOAPAction`, 1.2 for `application/soap+xml` (spec §10.3). */
export type SoapVersion = '1.1' | '1.2';

export const SOAP_FAULT_CONTENT_TYPES: Readonly<Record<SoapVersion, string>> = {
  '1.1': 'text/xml; charset=utf-8',
  '1.2': 'application/soap+xml; charset=utf-8',
};

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * A gateway error as a SOAP fault (spec §16.3), with Choreo Connect's texts: the reason is the
 * error's message, the detail `{code}:{description}`.
 *
 * SOAP 1.1 is byte for byte the fault Choreo Connect's proxy writes. For SOAP 1.2 the proxy
 * writes a 1.1-shaped fault under `http://www.w3.org/2003/05/soap-envelope/` (trailing slash):
 * no SOAP 1.2 processor accepts that namespace (it answers VersionMismatch). Portico writes the
 * real SOAP 1.2 fault instead, the one Choreo Connect's enforcer sends for its own errors
 * (`env:Code/env:Value`, `env:Reason/env:Text xml:lang`, `env:Detail`).
 */
export function soapFaultBody(spec: RequestErrorSpec, version: SoapVersion, description: string = spec.description): string {
  const reason = xmlText(spec.message);
  const detail = xmlText(`${spec.code}:${description}`);
  if (version === '1.1') {
    return (
      `${DECLARATION}<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault>` +
      `<faultcode>soapenv:Server</faultcode><faultstring>${reason}</faultstring><detail>${detail}</detail>` +
      `</soapenv:Fault></soapenv:Body></soapenv:Envelope>`
    );
  }
  return (
    `${DECLARATION}<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>` +
    `<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en-US">${reason}</env:Text></env:Reason>` +
    `<env:Detail>${detail}</env:Detail></env:Fault></env:Body></env:Envelope>`
  );
}

const MARKUP: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text as XML character data. Descriptions can carry client input (a resource path, a token's
 * claims), so markup is escaped, and characters XML 1.0 cannot carry at all (controls, lone
 * surrogates, U+FFFE/U+FFFF) become U+FFFD: an escape would not make them legal.
 */
export function xmlText(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => MARKUP[c])
    // eslint-disable-next-line no-control-regex -- finding the control characters XML cannot carry is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
