/** The key type of a caller's credential; it selects the production or sandbox endpoint set. */
export type KeyType = 'PRODUCTION' | 'SANDBOX';

export const KEY_TYPES: readonly KeyType[] = ['PRODUCTION', 'SANDBOX'];

/** Endpoint sets by key type; a missing entry means "no endpoint for that key type". */
export type EndpointsByKeyType<T> = Readonly<Partial<Record<KeyType, T>>>;
