import { DOMParser } from '@xmldom/xmldom';
import { REQUEST_ERRORS, type RequestErrorSpec } from '#core';
import { soapFaultBody, xmlText } from './soap-fault-body.js';

const SOAP_11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP_12 = 'http://www.w3.org/2003/05/soap-envelope';

/** Parses strictly: any well-formedness or namespace error fails the test. */
function parse(xml: string): Document {
  const fail = (message: string): never => {
    throw new Error(`not well-formed: ${message}\n${xml}`);
  };
  return new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(xml, 'text/xml') as unknown as Document;
}

const hostile: RequestErrorSpec = {
  status: 403,
  code: '900910',
  message: 'Not <allowed> & "quoted" \'x\'',
  description: 'User is NOT authorized to access the Resource: /a/<b>/]]>&amp;. Scope validation failed.',
  shape: 'policy',
};

describe('SOAP fault bodies (spec §16.3)', () => {
  it('writes SOAP 1.1 faults byte for byte as Choreo Connect\'s proxy does', () => {
    expect(soapFaultBody(REQUEST_ERRORS.noRoute, '1.1')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
        '<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Not Found</faultstring><detail>404:The requested resource is not available.</detail></soapenv:Fault>' +
        '</soapenv:Body></soapenv:Envelope>',
    );
  });

  it('writes SOAP 1.2 faults in the real SOAP 1.2 namespace and structure, with the same texts', () => {
    expect(soapFaultBody(REQUEST_ERRORS.missingCredentials, '1.2')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault>' +
        '<env:Code><env:Value>env:Receiver</env:Value></env:Code><env:Reason><env:Text xml:lang="en-US">Invalid Credentials</env:Text></env:Reason>' +
        '<env:Detail>900901:Make sure you have provided the correct security credentials</env:Detail></env:Fault></env:Body></env:Envelope>',
    );
  });

  it('gives a SOAP 1.1 parser the fault elements where SOAP 1.1 puts them', () => {
    const doc = parse(soapFaultBody(REQUEST_ERRORS.upstreamConnect, '1.1'));
    const envelope = doc.documentElement;
    expect([envelope.namespaceURI, envelope.localName]).toEqual([SOAP_11, 'Envelope']);
    const fault = doc.getElementsByTagNameNS(SOAP_11, 'Fault')[0];
    expect(fault.parentNode).toBe(doc.getElementsByTagNameNS(SOAP_11, 'Body')[0]);
    // faultcode, faultstring and detail are unqualified in SOAP 1.1.
    const faultcode = fault.getElementsByTagName('faultcode')[0];
    expect([faultcode.namespaceURI ?? null, faultcode.textContent]).toEqual([null, 'soapenv:Server']);
    expect(fault.getElementsByTagName('faultstring')[0].textContent).toBe('Upstream connection failed');
    expect(fault.getElementsByTagName('detail')[0].textContent).toBe(`102503:${REQUEST_ERRORS.upstreamConnect.description}`);
  });

  it('gives a SOAP 1.2 parser a Receiver fault with an English reason', () => {
    const doc = parse(soapFaultBody(REQUEST_ERRORS.upstreamTimeout, '1.2'));
    expect([doc.documentElement.namespaceURI, doc.documentElement.localName]).toEqual([SOAP_12, 'Envelope']);
    const value = doc.getElementsByTagNameNS(SOAP_12, 'Value')[0];
    expect(value.textContent).toBe('env:Receiver');
    expect(value.lookupNamespaceURI('env')).toBe(SOAP_12);
    const text = doc.getElementsByTagNameNS(SOAP_12, 'Text')[0];
    expect(text.textContent).toBe('Upstream connection timeout');
    expect(text.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'lang')).toBe('en-US');
    expect(doc.getElementsByTagNameNS(SOAP_12, 'Detail')[0].textContent).toBe('102504:upstream request timeout');
  });

  it.each(['1.1', '1.2'] as const)('escapes markup in every text it interpolates (SOAP %s), so the texts come back as written', (version) => {
    const xml = soapFaultBody(hostile, version, 'client said </detail><injected/> & more');
    expect(xml).not.toContain('<injected/>');
    const doc = parse(xml);
    expect(doc.getElementsByTagName('injected')).toHaveLength(0);
    expect(xml).toContain('Not &lt;allowed&gt; &amp; &quot;quoted&quot; &apos;x&apos;');
    const all = doc.documentElement.textContent;
    expect(all).toContain('Not <allowed> & "quoted" \'x\'');
    expect(all).toContain('900910:client said </detail><injected/> & more');
  });

  it('uses the catalogue description unless one is given', () => {
    expect(soapFaultBody(hostile, '1.1')).toContain('<detail>900910:User is NOT authorized to access the Resource: /a/&lt;b&gt;/]]&gt;&amp;amp;. Scope validation failed.</detail>');
  });
});

describe('xmlText', () => {
  it('replaces what XML 1.0 cannot carry, even escaped, and keeps tabs, line breaks and astral characters', () => {
    expect(xmlText('a\u0000b\u0008c\u001Fd\uFFFEe\uFFFF')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFD');
    expect(xmlText('lone \uD800 high, lone \uDC00 low')).toBe('lone \uFFFD high, lone \uFFFD low');
    expect(xmlText('tab\tline\nreturn\r emoji \u{1F600} é')).toBe('tab\tline\nreturn\r emoji \u{1F600} é');
    expect(() => parse(`<a>${xmlText('x\u0001\uD800y')}</a>`)).not.toThrow();
  });
});
