/**
 * How the gateway dials backends, shared by every connector and by backend-security's token
 * client: the destination guard (SSRF), the classification of connection errors, backend TLS,
 * health probes.
 */
export { BackendTls } from './backend-tls.js';
export { DESTINATION_DENIED_CODE, DestinationDeniedError } from './destination-denied-error.js';
export { dialledSetProblems } from './dialled-set-problems.js';
export { EndpointProbe } from './endpoint-probe.js';
export { guardedConnector, guardedLookup } from './guarded-connector.js';
export { HttpForwarder } from './http-forwarder.js';
export { upstreamErrorKind } from './upstream-error-kind.js';
export { UpstreamModule } from './upstream.module.js';
