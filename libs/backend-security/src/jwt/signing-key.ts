import { createHash, createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';

export type BackendJwtAlgorithm = 'RS256' | 'ES256';

/** One JWKS entry: the public members of a key plus `use`, `kid` and `alg` (spec §13.5). */
export type PublishedJwk = Readonly<Record<string, string>>;

/**
 * Why a key or certificate file cannot sign backend JWTs. Loading at start turns it into a
 * StartupError, a rotation into a refusal that keeps the current keys.
 */
export class KeyFileProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileProblem';
  }
}

/**
 * A private key that signs backend JWTs, with what backends need to pick its public key: the
 * `kid` (the certificate's SHA-256 thumbprint when there is a certificate, else the RFC 7638 JWK
 * thumbprint) and, with a certificate, the `x5t#S256` header value.
 */
export class SigningKey {
  /** The key's JWKS entry. */
  readonly jwk: PublishedJwk;

  private constructor(
    readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
    readonly alg: BackendJwtAlgorithm,
    readonly kid: string,
    /** Base64url SHA-256 of the certificate's DER; undefined without a certificate. */
    readonly x5tS256: string | undefined,
  ) {
    this.jwk = publishedJwk(publicKey, alg, kid);
  }

  /**
   * `keyName` and `certificateName` say where the PEM texts came from (setting and path) in
   * the KeyFileProblem of a key that is no PEM private key, does not fit `alg`, or does not
   * match its certificate.
   */
  static fromPem(alg: BackendJwtAlgorithm, keyPem: string, keyName: string, certificatePem?: string, certificateName?: string): SigningKey {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(keyPem);
    } catch (error) {
      throw new KeyFileProblem(`${keyName} is not a PEM private key (${(error as Error).message})`);
    }
    const unfit = unfitness(privateKey, alg);
    if (unfit !== undefined) throw new KeyFileProblem(`${keyName} ${unfit}`);
    const publicKey = createPublicKey(privateKey);
    if (certificatePem === undefined) return new SigningKey(privateKey, publicKey, alg, jwkThumbprint(publicKey), undefined);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(certificatePem);
    } catch (error) {
      throw new KeyFileProblem(`${certificateName} is not a PEM certificate (${(error as Error).message})`);
    }
    if (!certificate.checkPrivateKey(privateKey)) {
      throw new KeyFileProblem(`${certificateName} is not the certificate of ${keyName}: its public key does not match the private key`);
    }
    const thumbprint = createHash('sha256').update(certificate.raw).digest('base64url');
    return new SigningKey(privateKey, publicKey, alg, thumbprint, thumbprint);
  }
}

/** Undefined when the key can sign `alg` tokens, else why not (completing "<file> …"). */
function unfitness(privateKey: KeyObject, alg: BackendJwtAlgorithm): string | undefined {
  const type = privateKey.asymmetricKeyType;
  if (alg === 'RS256') {
    if (type !== 'rsa') return `holds ${describe(privateKey)}, but backendJwt.signingAlgorithm RS256 needs an RSA key`;
    // Verifiers (jsonwebtoken among them) refuse RS256 with shorter keys.
    if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return 'holds an RSA key shorter than 2048 bits; RS256 needs at least 2048';
    return undefined;
  }
  if (type !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return `holds ${describe(privateKey)}, but backendJwt.signingAlgorithm ES256 needs an EC key on the P-256 curve`;
  }
  return undefined;
}

function describe(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `a key of type ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` on curve ${curve}` : ''}`;
}

/** RFC 7638: base64url SHA-256 of the required public members in lexicographic order. */
function jwkThumbprint(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  const required = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(required)).digest('base64url');
}

function publishedJwk(publicKey: KeyObject, alg: BackendJwtAlgorithm, kid: string): PublishedJwk {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty === 'EC') return { kty: 'EC', crv: String(jwk.crv), x: String(jwk.x), y: String(jwk.y), use: 'sig', kid, alg };
  return { kty: 'RSA', use: 'sig', kid, alg, n: String(jwk.n), e: String(jwk.e) };
}
