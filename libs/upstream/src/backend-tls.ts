import { isIP } from 'node:net';
import { type ConnectionOptions, createSecureContext, type SecureContext } from 'node:tls';
import { Injectable, Logger } from '@nestjs/common';
import { type EndpointSet, type EndpointTlsConfig, type EndpointUrl, EXIT_CODES, type Problem, StartupError } from '#core';
import { GatewaySettings, type UpstreamTlsSettings } from '#settings';
import { type BackendTlsMaterial, readBackendTlsMaterial } from './backend-tls-material.js';
import type { ClientKeyMaterial } from './tls-settings-files.js';

/** Stand-ins for "the gateway-wide trust store" and "no client certificate" as cache keys. */
const GLOBAL_TRUST: object = {};
const NO_CLIENT_CERTIFICATE: object = {};
const PLAIN: ConnectionOptions = Object.freeze({});
const SKIP_HOSTNAME_CHECK = (): undefined => undefined;

/**
 * TLS towards backends (spec §14): whom the gateway trusts, whether the certificate must name the
 * endpoint host, which client certificate it presents. Files of `upstream.tls` are read and
 * checked once, at start. Connection options are computed when a connector is created (deploy
 * time), and carry a ready SecureContext: with a `ca` list instead, Node would build a context,
 * parsing every trusted certificate, on each new connection.
 */
@Injectable()
export class BackendTls {
  private readonly logger = new Logger('Upstream');
  private readonly tls: UpstreamTlsSettings;
  private readonly material: BackendTlsMaterial;
  /** By trust (the URL's certificate list, or GLOBAL_TRUST), then by client key material. */
  private readonly contexts = new WeakMap<object, WeakMap<object, SecureContext>>();
  private readonly options = new WeakMap<SecureContext, Map<string, ConnectionOptions>>();
  /** The model's project key pairs as material, so one pair object keeps one context. */
  private readonly projectPairs = new WeakMap<object, ClientKeyMaterial>();

  constructor(settings: GatewaySettings) {
    this.tls = settings.upstream.tls;
    this.material = readBackendTlsMaterial(settings);
    try {
      this.contextFor(GLOBAL_TRUST, this.material.gatewayPair);
    } catch (error) {
      const setting = this.tls.ciphers === undefined ? 'upstream.tls' : 'upstream.tls.ciphers';
      throw new StartupError(`${setting}: the backend TLS settings are not usable (${(error as Error).message})`, EXIT_CODES.config);
    }
    if (this.tls.disableVerification) {
      this.logger.warn('upstream.tls.disableVerification is true: backend certificates are not verified; never use this in production');
    } else if (!this.tls.trustSystemCas && this.tls.trustedCertFile === undefined) {
      this.logger.warn('upstream.tls trusts no CA (trustSystemCas is false, no trustedCertFile): only APIs bringing Endpoint-certificates/ can call HTTPS backends');
    }
  }

  /**
   * How to dial one endpoint URL of a set: empty for plain http/ws. Called when a connector is
   * created, never per request; equal inputs give the same object.
   */
  connectionOptions(url: EndpointUrl, tls: EndpointTlsConfig | undefined): ConnectionOptions {
    if (url.scheme !== 'https' && url.scheme !== 'wss') return PLAIN;
    // Spec §14.2: certificates the API brings replace the gateway-wide store for its URLs.
    const context = this.contextFor(url.trustedCertificates ?? GLOBAL_TRUST, this.clientPairOf(tls));
    const servername = isIP(url.host) === 0 ? url.host : undefined;
    const checkHostname = this.tls.verifyHostname && tls?.verifyHostname !== false;
    const key = `${servername ?? ''}|${checkHostname}`;
    let byHost = this.options.get(context);
    if (!byHost) this.options.set(context, (byHost = new Map()));
    const known = byHost.get(key);
    if (known) return known;
    const options: ConnectionOptions = {
      secureContext: context,
      rejectUnauthorized: !this.tls.disableVerification,
      ...(checkHostname ? {} : { checkServerIdentity: SKIP_HOSTNAME_CHECK }),
      ...(servername === undefined ? {} : { servername }),
    };
    byHost.set(key, options);
    return options;
  }

  /** Deploy-time problems of a set's TLS: a named client certificate that is not configured. */
  problems(set: EndpointSet): Problem[] {
    const own = set.tls?.clientCertificate;
    if (own === undefined || !('name' in own) || this.material.namedPairs.has(own.name)) return [];
    const configured = [...this.material.namedPairs.keys()];
    const known = configured.length === 0 ? 'none is configured' : `configured: ${configured.join(', ')}`;
    return [
      {
        code: 'endpoint.client-certificate-unknown',
        message: `endpoint set ${set.name}: client certificate "${own.name}" is not in upstream.tls.clientCertificates (${known})`,
        location: `${set.location}${set.location.includes('#') ? '' : '#'}/x-portico-tls/clientCertificate`,
      },
    ];
  }

  /** The set's own client certificate, else the gateway's; none unless one is configured. */
  private clientPairOf(tls: EndpointTlsConfig | undefined): ClientKeyMaterial | undefined {
    const own = tls?.clientCertificate;
    if (own === undefined) return this.material.gatewayPair;
    if ('name' in own) {
      const named = this.material.namedPairs.get(own.name);
      // problems() refuses such a set at deploy time, before any connector is created.
      if (!named) throw new Error(`client certificate "${own.name}" is not configured in upstream.tls.clientCertificates`);
      return named;
    }
    let material = this.projectPairs.get(own);
    if (!material) this.projectPairs.set(own, (material = { cert: own.certificate, key: own.key }));
    return material;
  }

  private contextFor(trust: readonly string[] | object, pair: ClientKeyMaterial | undefined): SecureContext {
    let byPair = this.contexts.get(trust);
    if (!byPair) this.contexts.set(trust, (byPair = new WeakMap()));
    const known = byPair.get(pair ?? NO_CLIENT_CERTIFICATE);
    if (known) return known;
    const ca = trust === GLOBAL_TRUST ? this.material.globalCas : (trust as readonly string[]);
    const context = createSecureContext({
      ...(ca === undefined ? {} : { ca: [...ca] }),
      ...(pair === undefined ? {} : { cert: pair.cert, key: pair.key }),
      minVersion: this.tls.minVersion,
      maxVersion: this.tls.maxVersion,
      ...(this.tls.ciphers === undefined ? {} : { ciphers: this.tls.ciphers }),
    });
    byPair.set(pair ?? NO_CLIENT_CERTIFICATE, context);
    return context;
  }
}
