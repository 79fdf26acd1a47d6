import type { BackendAuth, EndpointSet } from '#core';

/**
 * An endpoint set as read from one place of the artifact, before backend security (which is
 * decided per key type for the whole API, spec §12) is attached.
 */
export interface EndpointDraft extends Omit<EndpointSet, 'security'> {
  /**
   * `securityConfig` of the endpoint object. The set's own wins; a set without one takes the
   * API-level security of its key type (Choreo Connect applies only the latter, spec §12.2).
   */
  readonly securityConfig?: BackendAuth;
}
