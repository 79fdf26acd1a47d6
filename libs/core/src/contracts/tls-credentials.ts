/** A listener's certificate chain and private key, PEM. */
export interface TlsCredentials {
  readonly cert: string;
  readonly key: string;
  /** True when this is the generated development certificate (a warning is logged). */
  readonly generated: boolean;
}
