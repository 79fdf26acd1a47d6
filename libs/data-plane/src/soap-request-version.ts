import type { IncomingHttpHeaders } from 'node:http';
import type { SoapVersion } from './soap-fault-body.js';

/**
 * The SOAP version a request speaks, for the fault it gets when the gateway fails it (spec
 * §10.3): 1.1 for `text/xml` with a `SOAPAction` header (even an empty one: SOAP 1.1 allows
 * `SOAPAction: ""`), 1.2 for `application/soap+xml`; undefined for anything else. Unlike Choreo
 * Connect, which compares the whole header with the bare media type, the media type is matched
 * without its parameters and case (`text/xml; charset=utf-8` is SOAP too: most clients send it).
 */
export function soapVersionOf(headers: IncomingHttpHeaders): SoapVersion | undefined {
  const contentType = headers['content-type'];
  if (contentType === undefined) return undefined;
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (mediaType === 'application/soap+xml') return '1.2';
  if (mediaType === 'text/xml' && headers.soapaction !== undefined) return '1.1';
  return undefined;
}
