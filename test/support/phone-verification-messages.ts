/**
 * The CheckPhoneNumber messages of Choreo Connect's PhoneVerification service (the fixtures'
 * mock-backend), as SOAP 1.1 and 1.2 clients send them, for the SOAP e2e suites.
 */
export const PHONE_VERIFY_ACTION = 'http://ws.cdyne.com/PhoneVerify/query/CheckPhoneNumber';
export const SOAP_11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP_12_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** A CheckPhoneNumber envelope in the namespace of SOAP 1.1 or 1.2. */
export function checkPhoneNumberEnvelope(ns: string, phoneNumber = '18006785432', licenseKey = '0'): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    `<soap:Envelope xmlns:soap="${ns}"><soap:Body><CheckPhoneNumber xmlns="http://ws.cdyne.com/PhoneVerify/query">` +
    `<PhoneNumber>${phoneNumber}</PhoneNumber><LicenseKey>${licenseKey}</LicenseKey></CheckPhoneNumber></soap:Body></soap:Envelope>`
  );
}
