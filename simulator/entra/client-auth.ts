import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { annotateRequest } from '../control/request-log';
import type { SimulatorServices } from '../services';
import type { Application, Tenant } from '../world/schema';
import { verifyClientAssertion } from './client-assertion';
import { EntraErrors, type AadstsError } from './errors';
import { isServicePrincipalReplicating } from './replication';

type BasicCredentials = { clientId: string; secret: string };

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (next-auth 4 / openid-client do). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function parseBasic(req: IncomingMessage): BasicCredentials | 'malformed' | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return 'malformed';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  return { clientId: formDecode(decoded.slice(0, colon)), secret: decoded.slice(colon + 1) };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function secretMatches(stored: Application['clientSecrets'][number], candidates: string[]): boolean {
  const expected =
    stored.value !== undefined ? sha256(stored.value) : Buffer.from(stored.hash!.slice('sha256:'.length), 'hex');
  // Compare digests (fixed length) so the comparison time says nothing about the secret.
  return candidates.some((candidate) => timingSafeEqual(sha256(candidate), expected));
}

export type ClientAuthResult =
  { ok: true; application: Application; credential: 'secret' | 'certificate' } | { ok: false; failure: AadstsError };

export type ClientAuthContext = {
  services: SimulatorServices;
  tenant: Tenant;
  /** This request's token URL (origin + path as sent): the only audience a client assertion may name. */
  tokenUrl: string;
};

/**
 * Confidential-client authentication at the token endpoint: `client_secret` in the body
 * (client_secret_post, what MSAL sends), HTTP Basic (client_secret_basic, next-auth 4's default)
 * or a certificate-signed `client_assertion` (private_key_jwt). The app must have a service
 * principal in the tenant, visible to the token endpoint (not still replicating after consent),
 * before its credential is looked at.
 */
export async function authenticateClient(
  req: IncomingMessage,
  form: URLSearchParams,
  context: ClientAuthContext,
): Promise<ClientAuthResult> {
  const { services, tenant } = context;
  const basic = parseBasic(req);
  const bodySecret = form.get('client_secret') || undefined;
  const hasAssertion = form.has('client_assertion') || form.has('client_assertion_type');
  annotateRequest(req, {
    credential: hasAssertion
      ? 'certificate'
      : basic && basic !== 'malformed'
        ? 'secret-basic'
        : bodySecret !== undefined
          ? 'secret-body'
          : 'none',
  });

  if (basic === 'malformed') return { ok: false, failure: EntraErrors.noClientCredential() };
  const bodyClientId = form.get('client_id') || undefined;
  if (basic && bodyClientId && basic.clientId.toLowerCase() !== bodyClientId.toLowerCase()) {
    return { ok: false, failure: EntraErrors.conflictingClientId() };
  }
  const clientId = basic?.clientId ?? bodyClientId;
  if (!clientId) return { ok: false, failure: EntraErrors.missingParameter('client_id') };

  const application = services.world.findApplication(clientId);
  const visible =
    application !== undefined &&
    services.world.isApplicationInTenant(application, tenant) &&
    !isServicePrincipalReplicating(services.entra, tenant.id, services.clock());
  if (!application || !visible) return { ok: false, failure: EntraErrors.unknownClient(clientId, tenant.displayName) };

  if (hasAssertion) {
    if (basic || bodySecret !== undefined) return { ok: false, failure: EntraErrors.multipleClientCredentials() };
    const verdict = await verifyClientAssertion(form, {
      application,
      tokenUrl: context.tokenUrl,
      clock: services.clock,
      usedAssertions: services.entra.usedAssertions,
    });
    return verdict.ok ? { ok: true, application, credential: 'certificate' } : verdict;
  }

  const provided = basic?.secret ?? bodySecret;
  if (provided === undefined) return { ok: false, failure: EntraErrors.noClientCredential() };
  // Accept the raw value too: some clients skip the form-encoding step of client_secret_basic.
  const candidates = basic ? [...new Set([provided, formDecode(provided)])] : [provided];

  const matching = application.clientSecrets.filter((secret) => secretMatches(secret, candidates));
  if (matching.length === 0) return { ok: false, failure: EntraErrors.invalidClientSecret(application.clientId) };
  const now = services.clock();
  if (!matching.some((secret) => Date.parse(secret.expiresAt) > now)) {
    return { ok: false, failure: EntraErrors.expiredClientSecret(application.clientId) };
  }
  return { ok: true, application, credential: 'secret' };
}
