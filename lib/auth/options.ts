import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getConfig } from '@/lib/config';
import { clientCredentialForm } from './client-credential-form';
import { endStaffSession } from './end-staff-session';
import { recordStaffSignIn } from './record-staff-sign-in';
import { evaluateStaffSignIn } from './staff-claims';

export const PROVIDER_ID = 'entra';

type SessionToken = { sid?: string };

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
      signIn({ profile }) {
        const decision = evaluateStaffSignIn(profile, partnerTenantId);
        if (decision.allowed) return true;
        return decision.reason === 'wrong-tenant' ? '/signin?error=WrongTenant' : '/signin?error=OAuthCallback';
      },
      async jwt({ token, profile, account }) {
        if (!account || !profile) return token;
        const decision = evaluateStaffSignIn(profile, partnerTenantId);
        if (!decision.allowed) throw new Error('sign-in refused after signIn callback accepted it');
        const sessionId = await recordStaffSignIn(decision.identity, config.sessionMaxAgeSeconds);
        // The cookie carries only the server-side session id; everything else is read from the database.
        return { sid: sessionId } satisfies SessionToken;
      },
      // What /api/auth/session and getServerSession see: the opaque session id, no profile data.
      session({ session, token }) {
        return { expires: session.expires, sid: (token as SessionToken).sid };
      },
    },
    events: {
      async signOut({ token }) {
        const sid = (token as SessionToken | null)?.sid;
        if (sid) await endStaffSession(sid);
      },
    },
  };
}
