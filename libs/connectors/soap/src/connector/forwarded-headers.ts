import type { HeaderMap } from '#core';

/**
 * Headers of the try that do not travel to a SOAP backend. The data plane has already removed
 * hop-by-hop ones and `expect`; these describe the JSON body or the JSON answer the client wants
 * (the gateway writes and reads the SOAP message itself), or are set per operation or per URL.
 */
const DROPPED = new Set(['host', 'content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'accept', 'accept-encoding', 'soapaction']);

/**
 * What the SOAP request carries of the try's headers: the backend credentials the cluster added
 * (Authorization, API key headers), forwarding headers and the client's own, as the REST
 * connector would send them.
 */
export function forwardedHeaders(headers: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED.has(name)) continue;
    out[name] = typeof value === 'string' ? value : value.join(name === 'cookie' ? '; ' : ', ');
  }
  return out;
}
