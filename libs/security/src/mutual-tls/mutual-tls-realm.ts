import { WWW_AUTHENTICATE_VALUE } from '#core';

/** Every 401 of an API with mutual TLS names both realms (spec §11.1); built once, here. */
export const MUTUAL_TLS_WWW_AUTHENTICATE = `Mutual SSL realm="Choreo Connect", ${WWW_AUTHENTICATE_VALUE}`;
