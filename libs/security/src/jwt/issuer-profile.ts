/** How the tokens of one trusted issuer are read once their signature holds (spec §11.2 steps 7–8). */
export interface IssuerProfile {
  /** Configured name: shown in logs and principals. */
  readonly name: string;
  /** The exact `iss` of its tokens. */
  readonly issuer: string;
  readonly consumerKeyClaim: string;
  readonly validateSubscription: boolean;
  readonly claimMappings: readonly { readonly remoteClaim: string; readonly localClaim: string }[];
}
