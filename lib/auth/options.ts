import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getConfig } from '@/lib/config';
import { clientCredentialForm } from '@/lib/microsoft/client-credential-form';
import { readSessionId } from './read-session-id';
import { recordSignInRefusal } from './record-sign-in-refusal';
import { recordStaffSignIn } from './record-staff-sign-in';
import { safeCallbackUrl } from './safe-callback-url';
import type { SessionToken } from './session-cookie';
import { evaluateStaffSignIn, type SignInRefusal } from './staff-claims';

export const PROVIDER_ID = 'entra';

/** Where a refused sign-in lands: the sign-in page with a code it explains (lib/auth/sign-in-errors.ts). */
const REFUSAL_PAGES: Record<SignInRefusal, string> = {
  'wrong-tenant': '/signin?error=WrongTenant',
  'guest-without-role': '/signin?error=GuestWithoutRole',
  'guests-not-allowed': '/signin?error=GuestsNotAllowed',
  'malformed-token': '/signin?error=OAuthCallback',
};

let cached: NextAuthOptions | undefined;

/** Built on first use, not at import, so `next build` needs no runtime configuration. */
export function getAuthOptions(): NextAuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}

function buildAuthOptions(): NextAuthOptions {
  const config = getConfig();
  // next-auth 4 reads NEXTAUTH_URL itself to build callback URLs; derive it from Canopy's one setting.
  process.env.NEXTAUTH_URL ??= config.publicUrl;
  const { authorityHost } = config.endpoints;
  const { clientId, partnerTenantId, credential } = config.app;
  const signInPolicy = { partnerTenantId, guestAccess: config.guestAccess };

  return {
    secret: config.authSecret,
    // Secure (and __Secure-prefixed) cookies whenever Canopy is served over https.
    useSecureCookies: config.publicUrl.startsWith('https://'),
    // The cookie's maxAge slides with activity; the server-side session row caps the absolute lifetime.
    session: { strategy: 'jwt', maxAge: config.sessionMaxAgeSeconds },
    jwt: { maxAge: config.sessionMaxAgeSeconds },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      {
        id: PROVIDER_ID,
        name: 'Microsoft Entra ID',
        type: 'oauth',
        // The partner tenant's own authority, never /common or /organizations: Entra then refuses
        // other directories' users itself, and the issuer is a fixed string we can verify.
        wellKnown: `${authorityHost}/${partnerTenantId}/v2.0/.well-known/openid-configuration`,
        clientId,
        // Canopy adds its own credential to the code exchange below (secret or certificate alike).
        client: { token_endpoint_auth_method: 'none' },
        authorization: { params: { scope: 'openid profile email' } },
        token: {
          async request({ client, params, checks, provider }) {
            if (!credential)
              throw new Error('No app credential configured (ENTRA_CLIENT_SECRET or ENTRA_CERTIFICATE_*)');
            const tokenEndpoint = client.issuer.metadata.token_endpoint;
            if (!tokenEndpoint) throw new Error('The OpenID metadata has no token_endpoint');
            // client.callback still verifies the ID token: signature, issuer, audience, nonce, expiry.
            const tokens = await client.callback(provider.callbackUrl, params, checks, {
              exchangeBody: await clientCredentialForm(credential, { clientId, tokenEndpoint }),
            });
            return { tokens };
          },
        },
        idToken: true,
        checks: ['pkce', 'state', 'nonce'],
        // Only the ID token's claims are used; nothing is fetched from Graph.
        profile: (claims: Record<string, unknown>) => ({
          id: String(claims.oid ?? claims.sub),
          name: typeof claims.name === 'string' ? claims.name : null,
          email: typeof claims.preferred_username === 'string' ? claims.preferred_username : null,
        }),
      },
    ],
    callbacks: {
      async signIn({ profile }) {
        const decision = evaluateStaffSignIn(profile, signInPolicy);
        if (decision.allowed) return true;
        await recordSignInRefusal(decision.reason, profile);
        return REFUSAL_PAGES[decision.reason];
      },
      // Every redirect next-auth makes after sign-in goes through the same same-origin rule as the sign-in page.
      redirect({ url }) {
        return new URL(safeCallbackUrl(url, config.publicUrl), config.publicUrl).toString();
      },
      async jwt({ token, profile, account }) {
        if (!account || !profile) return token;
        const decision = evaluateStaffSignIn(profile, signInPolicy);
        if (!decision.allowed) throw new Error('sign-in refused after signIn callback accepted it');
        const sessionId = await recordStaffSignIn({
          identity: decision.identity,
          maxAgeSeconds: config.sessionMaxAgeSeconds,
          // Signing in again in the same browser replaces its earlier session, and with it a stale role.
          previousSessionId: await readSessionId(),
        });
        // The cookie carries only the server-side session id; everything else is read from the database.
        return { sid: sessionId } satisfies SessionToken;
      },
      // What /api/auth/session returns to page JavaScript: only the cookie's expiry, never the
      // session id (the server reads that from the cookie itself: lib/auth/read-session-id.ts).
      session({ session }) {
        return { expires: session.expires };
      },
    },
  };
}
