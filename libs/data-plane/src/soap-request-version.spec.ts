import { soapVersionOf } from './soap-request-version.js';

describe('the SOAP version of a request (spec §10.3)', () => {
  it.each([
    [{ 'content-type': 'text/xml', soapaction: 'urn:CheckPhoneNumber' }, '1.1'],
    [{ 'content-type': 'text/xml', soapaction: '' }, '1.1'],
    [{ 'content-type': 'text/xml; charset=utf-8', soapaction: '"urn:a"' }, '1.1'],
    [{ 'content-type': 'Text/XML ;charset=UTF-8', soapaction: 'urn:a' }, '1.1'],
    [{ 'content-type': 'application/soap+xml' }, '1.2'],
    [{ 'content-type': 'application/soap+xml; charset=utf-8; action="urn:CheckPhoneNumber"' }, '1.2'],
    [{ 'content-type': ' APPLICATION/SOAP+XML' }, '1.2'],
    [{ 'content-type': 'application/soap+xml', soapaction: 'urn:a' }, '1.2'],
  ])('%j is SOAP %s', (headers, version) => {
    expect(soapVersionOf(headers)).toBe(version);
  });

  it.each([
    [{}],
    [{ soapaction: 'urn:a' }],
    [{ 'content-type': 'text/xml' }],
    [{ 'content-type': 'text/xml; charset=utf-8' }],
    [{ 'content-type': 'application/json', soapaction: 'urn:a' }],
    [{ 'content-type': 'application/xml', soapaction: 'urn:a' }],
    [{ 'content-type': 'text/xmlx', soapaction: 'urn:a' }],
    [{ 'content-type': 'application/soap+xml-foo' }],
    [{ 'content-type': '' }],
  ])('%j is no SOAP request', (headers) => {
    expect(soapVersionOf(headers)).toBeUndefined();
  });
});
