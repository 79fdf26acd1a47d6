import { namespacedAttribute, XSI_NAMESPACE } from './xml-element.js';
import { readXml, XmlSyntaxError } from './xml-reader.js';

describe('readXml', () => {
  it('resolves namespaces, unescapes text and attributes, keeps CDATA as written', () => {
    const root = readXml(
      '<?xml version="1.0"?><!-- c --><a:root xmlns:a="urn:a" xmlns="urn:d" xmlns:i="' +
        XSI_NAMESPACE +
        '"><child note="x &amp; &#x41;">1 &lt; 2 <![CDATA[<raw> & ]]></child><a:e i:nil="true"/></a:root>',
    );
    expect(root).toMatchObject({ localName: 'root', namespace: 'urn:a' });
    const [child, nil] = root.children;
    expect(child).toMatchObject({ localName: 'child', namespace: 'urn:d', text: '1 < 2 <raw> & ', attributes: { note: 'x & A' } });
    expect(namespacedAttribute(nil!, XSI_NAMESPACE, 'nil')).toBe('true');
  });

  it.each([
    ['a DTD', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
    ['an unknown entity', '<x>&bogus;</x>'],
    ['a character reference out of range', '<x>&#x110000;</x>'],
    ['mismatched tags', '<x><y></x></y>'],
    ['an undeclared prefix', '<p:x/>'],
    ['two roots', '<x/><y/>'],
    ['an unterminated document', '<x><y/>'],
    ['text outside the root', 'hello <x/>'],
  ])('refuses %s', (_what, text) => {
    expect(() => readXml(text)).toThrow(XmlSyntaxError);
  });
});
