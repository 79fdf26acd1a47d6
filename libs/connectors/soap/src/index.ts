/**
 * REST-to-SOAP mediation: compiled from a WSDL at deploy time (compileSoapMediation), executed
 * per request (SoapOperation.buildRequest / readResponse, or callSoapOperation with a sender).
 * The engine does no file or network access except through the sender and the import loader its
 * caller gives it; the `soap` connector (connector/) is that caller.
 */
export { SoapConnectorModule } from './connector/soap-connector.module.js';
export { SoapConnectorFactory } from './connector/soap-connector.factory.js';
export { SoapConnector } from './connector/soap-connector.js';
export { SoapWsdlOpenApiGenerator } from './connector/soap-wsdl-openapi-generator.js';
export { compileSoapMediation, compileParsedSoapMediation, SoapMediation, type SoapCompileResult } from './soap-mediation.js';
export type { SoapApiExtension, SoapOperationExtension, SoapOperationMapping, SoapMediationSource } from './soap-mediation-source.js';
export { SoapOperation } from './soap-operation.js';
export { callSoapOperation, type SoapCallOptions } from './soap-call.js';
export { SoapHttpSender, type SoapHttpSenderOptions, type SoapSendOptions, type SoapSender } from './http/soap-http-sender.js';
export type { SoapHttpRequest, SoapRequestInput } from './request/soap-request-input.js';
export type { SoapHttpAnswer, SoapMediatedResponse, SoapFaultResponse } from './response/soap-response-reader.js';
export { CLIENT_FAULT_STATUS, SERVER_FAULT_STATUS, type SoapFaultJson } from './response/soap-fault.js';
export { SoapRequestError, SoapResponseError, SoapTransportError, type SoapTransportFailure } from './soap-errors.js';
export { SOAP_11, SOAP_12, type SoapVersion } from './soap-version.js';
export { parseWsdl, type ParsedWsdl, type WsdlSource } from './wsdl/parsed-wsdl.js';
export type { WsdlImportLoader } from './wsdl/wsdl-loader.js';
export { openApiFromWsdl, type WsdlOpenApiOptions, type WsdlOpenApiResult } from './openapi/openapi-from-wsdl.js';
