import { GatewayListeners } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { BackendTls } from '#upstream';
import { RestConnectorFactory } from './rest-connector.factory.js';

/** A REST connector factory on default settings (no listeners bound), adjusted by `tweak`. */
export function restFactoryWith(tweak: (s: GatewaySettings) => void = () => undefined, listeners = new GatewayListeners()): RestConnectorFactory {
  const settings = new GatewaySettings();
  settings.dataPlane.httpPort = 0;
  settings.dataPlane.httpsPort = 0;
  settings.admin.port = 0;
  settings.upstream.connectTimeoutMs = 2000;
  tweak(settings);
  return new RestConnectorFactory(settings, new UpstreamDestinationPolicy(settings, listeners), new BackendTls(settings));
}
