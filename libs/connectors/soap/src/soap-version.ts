/** What differs between SOAP 1.1 and 1.2 on the wire, fixed per endpoint by the WSDL binding. */
export interface SoapVersion {
  readonly name: '1.1' | '1.2';
  readonly envelopeNamespace: string;
  /** Namespace of the WSDL binding extension elements (soap:binding, soap12:binding…). */
  readonly wsdlBindingNamespace: string;
}

export const SOAP_11: SoapVersion = {
  name: '1.1',
  envelopeNamespace: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsdlBindingNamespace: 'http://schemas.xmlsoap.org/wsdl/soap/',
};

export const SOAP_12: SoapVersion = {
  name: '1.2',
  envelopeNamespace: 'http://www.w3.org/2003/05/soap-envelope',
  wsdlBindingNamespace: 'http://schemas.xmlsoap.org/wsdl/soap12/',
};

export function soapVersionOfBindingNamespace(namespace: string): SoapVersion | undefined {
  if (namespace === SOAP_11.wsdlBindingNamespace) return SOAP_11;
  if (namespace === SOAP_12.wsdlBindingNamespace) return SOAP_12;
  return undefined;
}

export function soapVersionOfEnvelopeNamespace(namespace: string): SoapVersion | undefined {
  if (namespace === SOAP_11.envelopeNamespace) return SOAP_11;
  if (namespace === SOAP_12.envelopeNamespace) return SOAP_12;
  return undefined;
}
