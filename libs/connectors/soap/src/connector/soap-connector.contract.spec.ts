import { GatewayListeners } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { contractClusterSpec, describeConnectorContract, httpContractScenarios } from '#testing';
import { BackendTls } from '#upstream';
import { SoapConnectorFactory } from './soap-connector.factory.js';

/** A soap connector factory on default settings, no gateway listener bound. */
function soapFactory(): SoapConnectorFactory {
  const settings = new GatewaySettings();
  settings.dataPlane.httpPort = 0;
  settings.dataPlane.httpsPort = 0;
  settings.admin.port = 0;
  return new SoapConnectorFactory(settings, new UpstreamDestinationPolicy(settings, new GatewayListeners()), new BackendTls(settings));
}

// Pass-through (a SOAP API without x-portico-soap, spec §10.3): envelopes are forwarded and streamed as any HTTP request.
describeConnectorContract({
  name: 'soap connector (pass-through)',
  factory: soapFactory,
  scenarios: httpContractScenarios({ cluster: (url) => contractClusterSpec('soap', url, { api: { type: 'SOAP' } }) }),
});
