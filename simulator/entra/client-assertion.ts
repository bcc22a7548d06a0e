import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import type { Clock } from '../clock';
import { describeCertificate, type CertificateCredentialKey } from '../crypto/app-certificates';
import type { ExpiringStore } from '../expiring-store';
import type { Application } from '../world/schema';
import { EntraErrors, type AadstsError } from './errors';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Clock skew Entra tolerates on assertion times. */
const SKEW_SECONDS = 300;
/** MSAL signs assertions valid for 10 minutes; longer ones are refused. */
const MAX_LIFETIME_SECONDS = 600;

export type AssertionContext = {
  application: Application;
  /** The exact URL of this token request (origin + path as sent, no query). */
  tokenUrl: string;
  clock: Clock;
  usedAssertions: ExpiringStore<string>;
};

type Verdict = { ok: true } | { ok: false; failure: AadstsError };
const fail = (failure: AadstsError): Verdict => ({ ok: false, failure });

function findCertificate(application: Application, header: ProtectedHeaderParameters) {
  const s256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const sha1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  for (const certificate of application.certificates) {
    const key = describeCertificate(certificate.pem);
    if (key && ((s256 !== undefined && key.x5tS256 === s256) || (sha1 !== undefined && key.x5t === sha1)))
      return { certificate, key };
  }
  return undefined;
}

function thumbprintHex(header: ProtectedHeaderParameters): string {
  const value = header['x5t#S256'] ?? header.x5t;
  return typeof value === 'string' ? Buffer.from(value, 'base64url').toString('hex').toUpperCase() : '(none)';
}

function numericClaim(payload: Record<string, unknown>, name: string): number | undefined {
  const value = payload[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A certificate credential (§B1, §F2): a JWT signed with a registered certificate's key, named by
 * `x5t#S256` (PS256, MSAL's default) or `x5t` (RS256); `aud` = this token URL; `iss` = `sub` =
 * client id; short-lived; `jti` never reused by a different assertion.
 */
export async function verifyClientAssertion(form: URLSearchParams, context: AssertionContext): Promise<Verdict> {
  const { application, clock } = context;
  if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) return fail(EntraErrors.invalidAssertionType());
  const assertion = form.get('client_assertion') ?? '';

  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return fail(EntraErrors.malformedAssertion('The client_assertion is not a signed JWT.'));
  }
  if (header.alg !== 'RS256' && header.alg !== 'PS256')
    return fail(
      EntraErrors.malformedAssertion(`Unsupported signing algorithm '${String(header.alg)}': use PS256 or RS256.`),
    );
  const found = findCertificate(application, header);
  if (!found) return fail(EntraErrors.certificateNotRegistered(application.clientId, thumbprintHex(header)));
  if (Date.parse(found.certificate.expiresAt) <= clock())
    return fail(EntraErrors.certificateExpired(application.clientId, thumbprintHex(header)));

  const payload = await verifiedPayload(assertion, found.key, header.alg);
  if (!payload) return fail(EntraErrors.assertionSignatureInvalid());

  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length > 1) return fail(EntraErrors.assertionAudienceCount(audiences.length));
  const audience = typeof audiences[0] === 'string' ? audiences[0] : '';
  if (audience.toLowerCase() !== context.tokenUrl.toLowerCase())
    return fail(EntraErrors.assertionAudienceInvalid(audience, context.tokenUrl));

  const clientId = application.clientId;
  if (String(payload.iss).toLowerCase() !== clientId || String(payload.sub).toLowerCase() !== clientId)
    return fail(EntraErrors.assertionIssuerMismatch());

  const now = Math.floor(clock() / 1000);
  const exp = numericClaim(payload, 'exp');
  const notBefore = numericClaim(payload, 'nbf') ?? numericClaim(payload, 'iat');
  if (exp === undefined) return fail(EntraErrors.assertionTimeInvalid('The assertion has no exp claim.'));
  if (exp <= now - SKEW_SECONDS)
    return fail(EntraErrors.assertionTimeInvalid(`Current time: ${now}, expiry time of assertion ${exp}.`));
  if (notBefore !== undefined && notBefore > now + SKEW_SECONDS)
    return fail(EntraErrors.assertionTimeInvalid(`Current time: ${now}, assertion valid from ${notBefore}.`));
  if (exp - (notBefore ?? now) > MAX_LIFETIME_SECONDS + SKEW_SECONDS) {
    return fail(
      EntraErrors.assertionTimeInvalid(
        `The assertion is valid for ${exp - (notBefore ?? now)} seconds; at most ${MAX_LIFETIME_SECONDS} (plus ${SKEW_SECONDS} skew) is accepted.`,
      ),
    );
  }

  const jti = typeof payload.jti === 'string' && payload.jti !== '' ? payload.jti : undefined;
  if (!jti) return fail(EntraErrors.malformedAssertion('The assertion has no jti claim.'));
  // MSAL (ClientAssertion.getJwt) re-sends the same signed assertion to the same token endpoint
  // until it expires, e.g. for a second resource in one tenant, so presenting the identical
  // assertion again is accepted; a different assertion carrying a used jti is a replay.
  const digest = createHash('sha256').update(assertion).digest('base64url');
  const previous = context.usedAssertions.get(jti);
  if (previous !== undefined && previous !== digest) return fail(EntraErrors.assertionReplayed());
  context.usedAssertions.put(jti, digest, (exp + SKEW_SECONDS) * 1000);
  return { ok: true };
}

async function verifiedPayload(
  assertion: string,
  key: CertificateCredentialKey,
  alg: 'RS256' | 'PS256',
): Promise<Record<string, unknown> | undefined> {
  try {
    const { payload } = await compactVerify(assertion, key.publicKey, { algorithms: [alg] });
    const parsed: unknown = JSON.parse(new TextDecoder().decode(payload));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
