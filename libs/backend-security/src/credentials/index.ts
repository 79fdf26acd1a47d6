/** The runtime credentials the gateway sends to backends (spec §12; Portico: API key, OAuth2). */
export { ApiKeyCredentials } from './api-key-credentials.js';
export { BasicCredentials } from './basic-credentials.js';
export type { OAuth2Client } from './oauth2-client.js';
export { OAuth2Credentials } from './oauth2-credentials.js';
export { OAuth2TokenSource } from './oauth2-token-source.js';
