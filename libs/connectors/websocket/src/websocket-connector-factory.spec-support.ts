import { type ClusterSpec, GatewayListeners } from '#core';
import { GatewaySettings, UpstreamDestinationPolicy } from '#settings';
import { BackendTls } from '#upstream';
import { WebSocketConnectorFactory } from './websocket-connector.factory.js';

/** A websocket connector factory on default settings (no listeners bound), adjusted by `tweak`. */
export function wsFactoryWith(tweak: (s: GatewaySettings) => void = () => undefined, listeners = new GatewayListeners()): WebSocketConnectorFactory {
  const settings = new GatewaySettings();
  settings.dataPlane.httpPort = 0;
  settings.dataPlane.httpsPort = 0;
  settings.admin.port = 0;
  tweak(settings);
  return new WebSocketConnectorFactory(settings, new UpstreamDestinationPolicy(settings, listeners), new BackendTls(settings));
}

/** A cluster of these URLs; the websocket connector reads only the endpoint set and the options. */
export function specFor(urls: readonly string[], options: Record<string, unknown> = {}): ClusterSpec {
  const endpointSet = {
    name: 'PRODUCTION',
    urls: urls.map((url) => {
      const { protocol, hostname, port, pathname } = new URL(url);
      const scheme = protocol.slice(0, -1) as 'ws' | 'wss' | 'http' | 'https';
      const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
      return { rawUrl: url, scheme, host, port: Number(port), basePath: pathname === '/' ? '' : pathname };
    }),
    policy: 'LOAD_BALANCE' as const,
    location: 'definition#/x-wso2-production-endpoints',
  };
  return { api: {} as ClusterSpec['api'], endpointSet, options };
}
