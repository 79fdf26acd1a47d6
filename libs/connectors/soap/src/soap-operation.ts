import { XSI_NAMESPACE } from './xml/xml-element.js';
import { type XsdComplexType, type XsdElement } from './xsd/xsd-model.js';
import { JsonToXmlWriter } from './request/json-to-xml.js';
import { type NamespacePrefixes } from './request/namespace-prefixes.js';
import { type SoapHttpRequest, type SoapRequestInput } from './request/soap-request-input.js';
import { readSoapResponse, type SoapHttpAnswer, type SoapMediatedResponse } from './response/soap-response-reader.js';
import { SoapRequestError } from './soap-errors.js';
import { SOAP_11, type SoapVersion } from './soap-version.js';

/**
 * One WSDL operation, compiled: the envelope around its input element, the HTTP headers, and the
 * typed models of its input and output. Per request it only writes and reads messages.
 */
export class SoapOperation {
  private readonly envelopeHead: string;
  private readonly envelopeTail: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly name: string,
    readonly soapAction: string,
    readonly version: SoapVersion,
    readonly input: XsdElement & { readonly type: XsdComplexType },
    readonly output: XsdElement | undefined,
    private readonly prefixes: NamespacePrefixes,
  ) {
    const tag = prefixes.tagOf(input);
    this.envelopeHead =
      `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${version.envelopeNamespace}" xmlns:xsi="${XSI_NAMESPACE}"` +
      `${prefixes.declarations()}><soap:Body><${tag}>`;
    this.envelopeTail = `</${tag}></soap:Body></soap:Envelope>`;
    // A quoted-string in a header: quotes and backslashes escaped, control characters dropped.
    const action = [...soapAction].filter((c) => c >= ' ' && c !== '\u007f').join('').replace(/["\\]/g, '\\$&');
    this.headers =
      version === SOAP_11
        ? { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` }
        : { 'content-type': `application/soap+xml; charset=utf-8${soapAction ? `; action="${action}"` : ''}` };
  }

  /** The envelope for a request; throws SoapRequestError (400) naming every field that does not fit. */
  buildRequest(input: SoapRequestInput): SoapHttpRequest {
    const writer = new JsonToXmlWriter(this.prefixes);
    writer.writeContent(this.input.type, this.mergeParameters(input, writer.issues), '');
    if (writer.issues.length > 0) throw new SoapRequestError(writer.issues);
    return { body: Buffer.from(this.envelopeHead + writer.output + this.envelopeTail, 'utf8'), headers: this.headers };
  }

  /** The REST answer for the backend's HTTP answer; throws SoapResponseError (502) when it is not a usable SOAP response. */
  readResponse(answer: SoapHttpAnswer): SoapMediatedResponse {
    return readSoapResponse(answer, this.output);
  }

  private mergeParameters(input: SoapRequestInput, issues: string[]): unknown {
    const body = input.body ?? {};
    if (!input.parameters || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
    let merged: Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(input.parameters)) {
      const field = this.input.type.fieldsByName.get(name);
      if (!field) continue;
      if (name in body) {
        issues.push(`${name}: given both in the body and as a parameter`);
        continue;
      }
      merged ??= { ...(body as Record<string, unknown>) };
      merged[name] = typeof value === 'string' || field.maxOccurs > 1 ? value : value[value.length - 1];
    }
    return merged ?? body;
  }
}
