import { WsdlDocumentTemplate } from './wsdl-document-template.js';

const wsdl = (body: string): string =>
  '<?xml version="1.0"?><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" ' +
  `xmlns:s12='http://schemas.xmlsoap.org/wsdl/soap12/' xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"><wsdl:service name="S">${body}</wsdl:service></wsdl:definitions>`;

describe('WsdlDocumentTemplate', () => {
  it('rewrites soap and soap12 addresses (any prefix, either quote) and leaves http:address alone', () => {
    const text = wsdl(
      '<wsdl:port name="A"><soap:address location="http://svc.example/Phone"/></wsdl:port>' +
        "<wsdl:port name=\"B\"><s12:address location='http://svc.example/Phone'/></wsdl:port>" +
        '<wsdl:port name="C"><http:address location="http://svc.example/Phone"/></wsdl:port>',
    );
    const template = new WsdlDocumentTemplate(text, ['/Phone']);
    expect(template.referenceCount).toBe(2);
    const out = template.render('https://gw.example:8443/soap/1.0.0');
    expect(out).toContain('<soap:address location="https://gw.example:8443/soap/1.0.0"/>');
    expect(out).toContain("<s12:address location='https://gw.example:8443/soap/1.0.0'/>");
    expect(out).toContain('<http:address location="http://svc.example/Phone"/>');
  });

  it('keeps the part of the path beyond the endpoint path, as the gateway forwards it (spec §10.3)', () => {
    const text = wsdl('<wsdl:port name="A"><soap:address location="http://ws.cdyne.com/phoneverify/phoneverify.asmx"/></wsdl:port>');
    expect(new WsdlDocumentTemplate(text, ['']).render('http://gw/soap/1.0.0')).toContain('location="http://gw/soap/1.0.0/phoneverify/phoneverify.asmx"');
    expect(new WsdlDocumentTemplate(text, ['/phoneverify']).render('http://gw/soap/1.0.0')).toContain('location="http://gw/soap/1.0.0/phoneverify.asmx"');
    expect(new WsdlDocumentTemplate(text, ['/other']).render('http://gw/soap/1.0.0')).toContain('location="http://gw/soap/1.0.0"');
    // The longest endpoint path that holds the address wins.
    expect(new WsdlDocumentTemplate(text, ['', '/phoneverify/phoneverify.asmx']).render('http://gw/s')).toContain('location="http://gw/s"');
  });

  it('changes nothing else, byte for byte, and escapes what it writes', () => {
    const text = wsdl('<wsdl:port name="A"><soap:address location="urn:not-a-url"/></wsdl:port>');
    const out = new WsdlDocumentTemplate(text, ['']).render('http://gw/a"b&c');
    expect(out).toBe(text.replace('urn:not-a-url', 'http://gw/a&#34;b&#38;c'));
  });

  it('leaves address elements of prefixes bound to other namespaces and documents without addresses as they are', () => {
    const text = '<d xmlns:soap="urn:something-else"><soap:address location="http://x/y"/></d>';
    const template = new WsdlDocumentTemplate(text, ['']);
    expect(template.referenceCount).toBe(0);
    expect(template.render('http://gw/api')).toBe(text);
  });

});

describe('WsdlDocumentTemplate imports', () => {
  const files = {
    'WSDL/Orders.wsdl': '',
    'WSDL/parts/messages.wsdl': '',
    'WSDL/types/common.xsd': '',
    'shared/base.xsd': '',
  };
  const place = { path: 'WSDL/Orders.wsdl', files };

  it('points relative imports and includes of project documents at ?wsdl= and ?xsd= of the gateway', () => {
    const text =
      '<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema">' +
      '<wsdl:import namespace="urn:m" location="parts/messages.wsdl"/>' +
      '<wsdl:types><xs:schema><xs:import namespace="urn:t" schemaLocation="./types/common.xsd"/><xs:include schemaLocation="../shared/base.xsd"/></xs:schema></wsdl:types>' +
      '</wsdl:definitions>';
    const out = new WsdlDocumentTemplate(text, [''], place).render('http://gw/shop/1.0');
    expect(out).toContain('location="http://gw/shop/1.0?wsdl=WSDL%2Fparts%2Fmessages.wsdl"');
    expect(out).toContain('schemaLocation="http://gw/shop/1.0?xsd=WSDL%2Ftypes%2Fcommon.xsd"');
    expect(out).toContain('schemaLocation="http://gw/shop/1.0?xsd=shared%2Fbase.xsd"');
  });

  it('leaves absolute locations, paths out of the project and files it lacks as written', () => {
    const text =
      '<s xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import schemaLocation="http://elsewhere.example/a.xsd"/>' +
      '<xs:import schemaLocation="../../outside.xsd"/><xs:include schemaLocation="types/missing.xsd"/><xs:import namespace="urn:x"/></s>';
    const template = new WsdlDocumentTemplate(text, [''], place);
    expect(template.referenceCount).toBe(0);
    expect(template.render('http://gw/x')).toBe(text);
  });
});
