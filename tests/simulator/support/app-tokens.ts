import {
  X509Certificate,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { DEFAULT_WORLD_FILE } from '../../../simulator/index';
import type { TestSimulator } from './simulator';

export const MDE = 'https://api.securitycenter.microsoft.com';
export const MDE_LEGACY = 'https://securitycenter.onmicrosoft.com/windowsatpservice';
export const XDR = 'https://api.security.microsoft.com';
export const GRAPH = 'https://graph.microsoft.com';
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const worldsDir = path.dirname(DEFAULT_WORLD_FILE);
/** The default world's dev certificate credential (public cert in the world, key beside it). */
export const devCertificate = (() => {
  const certPem = readFileSync(path.join(worldsDir, 'dev-app-certificate.pem'), 'utf8');
  const keyPem = readFileSync(path.join(worldsDir, 'dev-app-certificate.key.pem'), 'utf8');
  const der = new X509Certificate(certPem).raw;
  return {
    certPem,
    keyPem,
    privateKey: createPrivateKey(keyPem),
    sha1: createHash('sha1').update(der).digest(),
    sha256: createHash('sha256').update(der).digest(),
  };
})();

export type AssertionOptions = {
  aud: string;
  clientId: string;
  alg?: 'PS256' | 'RS256';
  /** Default: the dev certificate's key. */
  key?: KeyObject;
  /** Header thumbprint; default x5t#S256 for PS256, x5t for RS256, of the dev certificate. */
  header?: Record<string, string>;
  /** Claim overrides (undefined removes a claim). */
  claims?: Record<string, unknown>;
  /** "now" in epoch seconds; default the real clock. */
  now?: number;
};

/** A client assertion signed the way MSAL signs one (§F2), with every part overridable. */
export async function signAssertion(options: AssertionOptions): Promise<string> {
  const alg = options.alg ?? 'PS256';
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const header =
    options.header ??
    (alg === 'PS256'
      ? { 'x5t#S256': devCertificate.sha256.toString('base64url') }
      : { x5t: devCertificate.sha1.toString('base64url') });
  const claims: Record<string, unknown> = {
    aud: options.aud,
    iss: options.clientId,
    sub: options.clientId,
    nbf: now,
    exp: now + 600,
    jti: randomUUID(),
    ...options.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', ...header })
    .sign(options.key ?? devCertificate.privateKey);
}

export function otherRsaKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

export type AppTokenRequest = {
  tenant: string;
  version?: 'v1' | 'v2';
  /** v2 scope (default `${resource}/.default`). */
  scope?: string;
  /** v1 resource, or the resource behind the default v2 scope. */
  resource?: string;
  auth?: 'body' | 'basic' | 'none' | { assertion: string };
  secret?: string;
  clientId?: string;
  extra?: Record<string, string>;
  query?: string;
  timeoutMs?: number;
};

export function tokenUrl(sim: TestSimulator, tenant: string, version: 'v1' | 'v2' = 'v2'): string {
  return `${sim.origin}/${tenant}/oauth2/${version === 'v2' ? 'v2.0/' : ''}token`;
}

/** A client-credentials request as MSAL (v2) or the Defender docs' samples (v1) send it. */
export function requestAppToken(sim: TestSimulator, input: AppTokenRequest) {
  const version = input.version ?? 'v2';
  const clientId = input.clientId ?? sim.app.clientId;
  const resource = input.resource ?? MDE;
  const form: Record<string, string> = { grant_type: 'client_credentials', client_id: clientId };
  if (version === 'v2') form.scope = input.scope ?? `${resource}/.default`;
  else form.resource = resource;
  const headers: Record<string, string> = {};
  const auth = input.auth ?? 'body';
  const secret = input.secret ?? sim.secret;
  if (auth === 'body') form.client_secret = secret;
  else if (auth === 'basic')
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  else if (typeof auth === 'object')
    Object.assign(form, { client_assertion_type: JWT_BEARER, client_assertion: auth.assertion });
  Object.assign(form, input.extra);
  return sim.request(`${tokenUrl(sim, input.tenant, version)}${input.query ?? ''}`, {
    form,
    headers,
    timeoutMs: input.timeoutMs,
  });
}
