import { type XmlElement } from '../xml/xml-element.js';
import { readXml } from '../xml/xml-reader.js';
import { type SoapVersion, soapVersionOfBindingNamespace } from '../soap-version.js';

export const WSDL_NAMESPACE = 'http://schemas.xmlsoap.org/wsdl/';

export interface WsdlPort {
  readonly service: string;
  readonly name: string;
  readonly binding: string;
  readonly address?: string;
}

export interface WsdlBindingOperation {
  readonly name: string;
  readonly soapAction: string;
  readonly style: string;
  readonly inputUse: string;
  readonly outputUse: string;
  /** soap:header elements in the input: SOAP headers taken from the request are not supported. */
  readonly inputHeaders: number;
}

export interface WsdlBinding {
  readonly name: string;
  /** Local name of the port type the binding implements. */
  readonly portType: string;
  readonly version: SoapVersion;
  readonly operations: ReadonlyMap<string, WsdlBindingOperation>;
}

export interface WsdlSoapBindings {
  /** Services in document order, each with its ports in document order. */
  readonly services: ReadonlyMap<string, WsdlPort[]>;
  /** SOAP 1.1 and 1.2 bindings only; HTTP GET/POST bindings are left out. */
  readonly bindings: ReadonlyMap<string, WsdlBinding>;
}

/**
 * Reads services, ports and SOAP bindings from the WSDL documents. soap's own model merges the
 * bindings of a port type (the soapAction of the last binding wins) and forgets which SOAP
 * version a binding declares, so the mediation reads them itself.
 */
export function readSoapBindings(documents: Iterable<string>): WsdlSoapBindings {
  const services = new Map<string, WsdlPort[]>();
  const bindings = new Map<string, WsdlBinding>();
  for (const text of documents) {
    const root = readXml(text);
    if (root.namespace !== WSDL_NAMESPACE || root.localName !== 'definitions') continue;
    for (const child of wsdlChildren(root, 'binding')) {
      const binding = readBinding(child);
      if (binding) bindings.set(binding.name, binding);
    }
    for (const service of wsdlChildren(root, 'service')) {
      const name = service.attributes.name ?? '';
      const ports = wsdlChildren(service, 'port').map((port) => readPort(name, port));
      services.set(name, [...(services.get(name) ?? []), ...ports]);
    }
  }
  return { services, bindings };
}

function readPort(service: string, port: XmlElement): WsdlPort {
  const address = port.children.find((child) => child.localName === 'address')?.attributes.location;
  return { service, name: port.attributes.name ?? '', binding: localPart(port.attributes.binding ?? ''), ...(address ? { address } : {}) };
}

function readBinding(element: XmlElement): WsdlBinding | undefined {
  const declaration = element.children.find((child) => child.localName === 'binding');
  const version = declaration && soapVersionOfBindingNamespace(declaration.namespace);
  if (!declaration || !version) return undefined;
  const defaultStyle = declaration.attributes.style ?? 'document';
  const operations = new Map<string, WsdlBindingOperation>();
  for (const operation of wsdlChildren(element, 'operation')) {
    const soapOperation = operation.children.find((child) => child.localName === 'operation' && child.namespace === version.wsdlBindingNamespace);
    const input = wsdlChildren(operation, 'input')[0];
    const output = wsdlChildren(operation, 'output')[0];
    const name = operation.attributes.name ?? '';
    operations.set(name, {
      name,
      soapAction: soapOperation?.attributes.soapAction ?? '',
      style: soapOperation?.attributes.style ?? defaultStyle,
      inputUse: bodyUse(input, version),
      outputUse: bodyUse(output, version),
      inputHeaders: input?.children.filter((child) => child.localName === 'header' && child.namespace === version.wsdlBindingNamespace).length ?? 0,
    });
  }
  return { name: element.attributes.name ?? '', portType: localPart(element.attributes.type ?? ''), version, operations };
}

function bodyUse(message: XmlElement | undefined, version: SoapVersion): string {
  const body = message?.children.find((child) => child.localName === 'body' && child.namespace === version.wsdlBindingNamespace);
  return body?.attributes.use ?? 'literal';
}

function wsdlChildren(element: XmlElement, localName: string): XmlElement[] {
  return element.children.filter((child) => child.namespace === WSDL_NAMESPACE && child.localName === localName);
}

export function localPart(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}
