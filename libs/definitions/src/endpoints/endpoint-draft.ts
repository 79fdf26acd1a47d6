import type { BackendBasicAuth, EndpointSet } from '#core';

/**
 * An endpoint set as read from one place of the artifact, before backend security (which is
 * decided per key type for the whole API, spec §12) is attached.
 */
export interface EndpointDraft extends Omit<EndpointSet, 'security'> {
  /** `securityConfig` of the endpoint object; only the API-level one takes effect. */
  readonly securityConfig?: BackendBasicAuth;
}
