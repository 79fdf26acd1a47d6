/**
 * The connector contract this build implements, `major.minor`. Minor versions only add optional
 * members, so a connector built for this major and a minor up to this one works; a connector built
 * for another major, or for a newer minor (it may rely on members this gateway lacks), is refused
 * at boot, naming its module and both versions.
 */
export const CONNECTOR_CONTRACT_VERSION = '1.0';

const VERSION = /^(\d+)\.(\d+)$/;

/** Why a connector built for `connectorVersion` cannot run on a gateway implementing `gatewayVersion`, or undefined when it can. */
export function contractIncompatibility(connectorVersion: unknown, gatewayVersion: string = CONNECTOR_CONTRACT_VERSION): string | undefined {
  const connector = typeof connectorVersion === 'string' ? VERSION.exec(connectorVersion) : null;
  const gateway = VERSION.exec(gatewayVersion);
  if (gateway === null) throw new Error(`invalid gateway contract version ${gatewayVersion}`);
  if (connector === null) return `it declares no valid connector contract version (${String(connectorVersion)}); it was not built with @portico/sdk's @GatewayConnector`;
  if (connector[1] !== gateway[1]) return `it was built for connector contract ${connectorVersion}, this gateway implements ${gatewayVersion} (a different major version)`;
  if (Number(connector[2]) > Number(gateway[2])) {
    return `it was built for connector contract ${connectorVersion}, newer than the ${gatewayVersion} this gateway implements; upgrade the gateway`;
  }
  return undefined;
}
