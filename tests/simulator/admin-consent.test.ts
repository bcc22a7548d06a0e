import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MDE, requestAppToken } from './support/app-tokens';
import { CONSENT_CALLBACK, decideConsent, redirectPairs, signInToConsent, startConsent } from './support/consent';
import { expectErrorRedirectParams } from './support/entra-errors';
import { startTestSimulator, type TestSimulator } from './support/simulator';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  sim.services.world.reset();
});

const tenant = (name: string) => sim.services.world.data.tenants.find((candidate) => candidate.displayName === name)!;
const user = (tenantName: string, displayName: string) =>
  tenant(tenantName).users.find((candidate) => candidate.displayName === displayName)!;
const ALL_SCOPES = [
  'https://api.securitycenter.microsoft.com/Alert.Read.All',
  'https://api.securitycenter.microsoft.com/Alert.ReadWrite.All',
  'https://api.security.microsoft.com/Incident.Read.All',
  'https://graph.microsoft.com/SecurityAlert.Read.All',
  'https://graph.microsoft.com/SecurityIncident.Read.All',
].join(' ');
const ALL_ROLES = [
  'WindowsDefenderATP/Alert.Read.All',
  'WindowsDefenderATP/Alert.ReadWrite.All',
  'Microsoft Threat Protection/Incident.Read.All',
  'Microsoft Graph/SecurityAlert.Read.All',
  'Microsoft Graph/SecurityIncident.Read.All',
];

/** The AADSTS error callback shape observed from Entra (§A3): never a tenant. */
function expectConsentError(pairs: [string, string][], code: number, error: string, state: string | undefined) {
  const names = pairs.map(([name]) => name);
  expect(names).toEqual(['error', 'error_description', 'error_uri', 'admin_consent', ...(state ? ['state'] : [])]);
  const params = new URLSearchParams(pairs);
  expectErrorRedirectParams(params, { error, code, origin: sim.origin });
  expect(params.get('admin_consent')).toBe('True');
  if (state) expect(params.get('state')).toBe(state);
  expect(params.has('tenant')).toBe(false);
  return params;
}

describe('admin consent v2 (/{tenant}/v2.0/adminconsent)', () => {
  it('signs in a Global Administrator, shows the permissions by API and, on Accept, redirects with admin_consent=True, the tenant GUID, the scopes and state', async () => {
    const fabrikam = tenant('Fabrikam');
    const dana = user('Fabrikam', 'Dana Fabrikam');
    const { afterSignIn, state } = await signInToConsent(sim, {
      flow: 'v2',
      tenant: 'fabrikam.onmicrosoft.com',
      user: { user: dana.id },
    });
    expect(afterSignIn.status).toBe(200);
    const page = afterSignIn.text;
    expect(page).toContain('<h1>Permissions requested</h1>');
    const groups = [...page.matchAll(/<h2>([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(groups).toEqual(['WindowsDefenderATP', 'Microsoft Threat Protection', 'Microsoft Graph']);
    expect(page).toContain(
      '<span class="permission-name">Read all alerts</span> <span class="permission-value">Alert.Read.All</span>',
    );
    expect(page).toContain('Allows the app to read all security incidents, without a signed-in user.');
    expect(page).toMatch(/<button type="submit" class="secondary" name="decision" value="cancel">Cancel<\/button>/);
    expect(page).toMatch(/<button type="submit" class="primary" name="decision" value="accept">Accept<\/button>/);
    expect(page).not.toContain(state!);

    const accepted = await decideConsent(sim, afterSignIn, 'accept');
    const { target, pairs } = redirectPairs(accepted);
    expect(target).toBe(CONSENT_CALLBACK);
    expect(pairs).toEqual([
      ['admin_consent', 'True'],
      ['tenant', fabrikam.id],
      ['scope', ALL_SCOPES],
      ['state', state!],
    ]);
    const principal = tenant('Fabrikam').servicePrincipal;
    expect(principal?.grantedAppRoles).toEqual(ALL_ROLES);
    expect(sim.services.entra.consentEvents.at(-1)).toMatchObject({
      flow: 'adminconsent-v2',
      tenantId: fabrikam.id,
      userId: dana.id,
      outcome: 'granted',
      grantedAppRoles: ALL_ROLES,
    });

    // The consented app now gets tokens there, carrying the granted roles.
    const token = await requestAppToken(sim, { tenant: fabrikam.id });
    expect(token.status).toBe(200);
    const jwks = createLocalJWKSet((await sim.request(`${sim.origin}/common/discovery/keys`)).json<JSONWebKeySet>());
    const { payload } = await jwtVerify(token.json<{ access_token: string }>().access_token, jwks, { audience: MDE });
    expect(payload).toMatchObject({
      tid: fabrikam.id,
      oid: principal!.objectId,
      roles: ['Alert.Read.All', 'Alert.ReadWrite.All'],
    });
  });

  it('accepts a typed UPN on the picker, and keeps the principal (adding roles) when consenting again', async () => {
    const relecloud = tenant('Relecloud');
    const before = relecloud.servicePrincipal!;
    const { afterSignIn } = await signInToConsent(sim, {
      flow: 'v2',
      tenant: relecloud.id,
      user: { login: 'RORY.privroleadmin@relecloud.onmicrosoft.com' },
    });
    const { pairs } = redirectPairs(await decideConsent(sim, afterSignIn, 'accept'));
    expect(new URLSearchParams(pairs).get('tenant')).toBe(relecloud.id);
    const after = tenant('Relecloud').servicePrincipal!;
    expect(after.objectId).toBe(before.objectId);
    expect(after.grantedAppRoles).toEqual(ALL_ROLES);
  });

  it("consents in the signed-in admin's home tenant for organizations", async () => {
    const fabrikam = tenant('Fabrikam');
    const { response } = await startConsent(sim, { flow: 'v2', tenant: 'organizations' });
    expect(response.text).toContain('Dana Fabrikam');
    expect(response.text).toContain('Nadia Northwind');
    const { afterSignIn } = await signInToConsent(sim, {
      flow: 'v2',
      tenant: 'organizations',
      user: { user: user('Fabrikam', 'Dana Fabrikam').id },
    });
    const { pairs } = redirectPairs(await decideConsent(sim, afterSignIn, 'accept'));
    expect(new URLSearchParams(pairs).get('tenant')).toBe(fabrikam.id);
  });

  it('answers Cancel with access_denied AADSTS65004, error_uri, admin_consent=True and state, but no tenant', async () => {
    const { afterSignIn, state } = await signInToConsent(sim, {
      flow: 'v2',
      tenant: tenant('Fabrikam').id,
      user: { user: user('Fabrikam', 'Dana Fabrikam').id },
    });
    const cancelled = await decideConsent(sim, afterSignIn, 'cancel');
    const params = expectConsentError(redirectPairs(cancelled).pairs, 65004, 'access_denied', state);
    expect(params.get('error_description')).toMatch(/^AADSTS65004: User declined to consent to access the app\.\r\n/);
    expect(cancelled.location).toContain('admin_consent=True');
    expect(tenant('Fabrikam').servicePrincipal).toBeNull();
    expect(sim.services.entra.consentEvents.at(-1)).toMatchObject({ outcome: 'declined' });
  });

  it('encodes the callback query like Entra: lower-case hex escapes, + for spaces, the registered URI kept as is', async () => {
    const fabrikam = tenant('Fabrikam');
    const dana = user('Fabrikam', 'Dana Fabrikam');
    const state = "s~'1 2";
    const cancel = await signInToConsent(sim, {
      flow: 'v2',
      tenant: fabrikam.id,
      params: { state },
      user: { user: dana.id },
    });
    const cancelled = (await decideConsent(sim, cancel.afterSignIn, 'cancel')).location!;
    // The shape observed from Entra (§A3, MicrosoftDocs/azure-docs#114009).
    expect(cancelled).toMatch(
      new RegExp(
        `^${CONSENT_CALLBACK.replace(/[.?]/g, '\\$&')}\\?error=access_denied&error_description=AADSTS65004%3a\\+User\\+declined\\+to\\+consent\\+to\\+access\\+the\\+app\\.%0d%0aTrace\\+ID%3a\\+[0-9a-f-]{36}%0d%0aCorrelation\\+ID%3a\\+[0-9a-f-]{36}%0d%0aTimestamp%3a\\+\\d{4}-\\d\\d-\\d\\d\\+\\d\\d%3a\\d\\d%3a\\d\\dZ&error_uri=https%3a%2f%2f127\\.0\\.0\\.1%3a\\d+%2ferror%3fcode%3d65004&admin_consent=True&state=s%7e%271\\+2$`,
      ),
    );

    const accept = await signInToConsent(sim, { flow: 'v2', tenant: fabrikam.id, user: { user: dana.id } });
    const accepted = (await decideConsent(sim, accept.afterSignIn, 'accept')).location!;
    expect(accepted).toContain(
      `?admin_consent=True&tenant=${fabrikam.id}&scope=https%3a%2f%2fapi.securitycenter.microsoft.com%2fAlert.Read.All+https%3a%2f%2f`,
    );

    // A registered redirect URI with its own query keeps it verbatim; the results follow it.
    const withQuery = `${CONSENT_CALLBACK}?from=canopy%20app`;
    sim.services.world.update((draft) => {
      draft.application.redirectUris.push(withQuery);
    });
    const v1 = await signInToConsent(sim, {
      flow: 'v1',
      tenant: fabrikam.id,
      params: { redirect_uri: withQuery, state: 'x' },
      user: { user: dana.id },
    });
    expect((await decideConsent(sim, v1.afterSignIn, 'accept')).location).toBe(
      `${withQuery}&tenant=${fabrikam.id}&state=x&admin_consent=True`,
    );
  });

  it('answers a user of another directory with access_denied AADSTS50020 (admin_consent=True, state, no tenant)', async () => {
    const { afterSignIn, state } = await signInToConsent(sim, {
      flow: 'v2',
      tenant: tenant('Fabrikam').id,
      user: { login: 'nadia.admin@northwindtraders.onmicrosoft.com' },
    });
    const params = expectConsentError(redirectPairs(afterSignIn).pairs, 50020, 'access_denied', state);
    expect(params.get('error_description')).toContain("does not exist in tenant 'Fabrikam'");
    expect(tenant('Fabrikam').servicePrincipal).toBeNull();
  });

  it("shows a user without an admin role the 'Need admin approval' page (AADSTS90094), with no redirect", async () => {
    for (const [tenantName, displayName] of [
      ['Fabrikam', 'Finley Fabrikam'],
      ['Adatum', 'Ari Adatum'],
      ['Adatum', 'Addison Adatum'],
    ] as const) {
      const { afterSignIn } = await signInToConsent(sim, {
        flow: 'v2',
        tenant: tenant(tenantName).id,
        user: { user: user(tenantName, displayName).id },
      });
      expect(afterSignIn.status, displayName).toBe(200);
      expect(afterSignIn.location).toBeUndefined();
      expect(afterSignIn.text).toContain('<h1>Need admin approval</h1>');
      expect(afterSignIn.text).toContain('AADSTS90094');
    }
    expect(tenant('Fabrikam').servicePrincipal).toBeNull();
    expect(tenant('Adatum').servicePrincipal?.grantedAppRoles).toEqual([]);
    expect(sim.services.entra.consentEvents.at(-1)).toMatchObject({ outcome: 'admin-approval-required' });
  });

  it('refuses Application and Cloud Application Administrators when the app requires Microsoft Graph app roles', async () => {
    for (const displayName of ['Wren Woodgrove', 'Wade Woodgrove']) {
      const { afterSignIn } = await signInToConsent(sim, {
        flow: 'v2',
        tenant: 'woodgrovebank.onmicrosoft.com',
        user: { user: user('Woodgrove Bank', displayName).id },
      });
      expect(afterSignIn.status).toBe(200);
      expect(afterSignIn.text).toContain('<h1>Need admin approval</h1>');
      expect(afterSignIn.text).toContain('Microsoft Graph application permissions');
    }
  });

  it('lets an Application Administrator consent when the app requires no Graph app roles', async () => {
    sim.services.world.update((draft) => {
      draft.application.requiredResourceAccess = draft.application.requiredResourceAccess.filter(
        (access) => access.displayName !== 'Microsoft Graph',
      );
    });
    const woodgrove = tenant('Woodgrove Bank');
    const { afterSignIn, state } = await signInToConsent(sim, {
      flow: 'v2',
      tenant: woodgrove.id,
      user: { user: user('Woodgrove Bank', 'Wren Woodgrove').id },
    });
    const { pairs } = redirectPairs(await decideConsent(sim, afterSignIn, 'accept'));
    expect(pairs).toEqual([
      ['admin_consent', 'True'],
      ['tenant', woodgrove.id],
      [
        'scope',
        'https://api.securitycenter.microsoft.com/Alert.Read.All https://api.securitycenter.microsoft.com/Alert.ReadWrite.All https://api.security.microsoft.com/Incident.Read.All',
      ],
      ['state', state!],
    ]);
    expect(tenant('Woodgrove Bank').servicePrincipal?.grantedAppRoles).toEqual(ALL_ROLES.slice(0, 3));
  });

  it('fails with AADSTS650052 (invalid_client) in a tenant without Defender for Endpoint, admin_consent=True and state, no tenant', async () => {
    const { afterSignIn, state } = await signInToConsent(sim, {
      flow: 'v2',
      tenant: 'tailspintoys.onmicrosoft.com',
      user: { user: user('Tailspin Toys', 'Taylor Tailspin').id },
    });
    const params = expectConsentError(redirectPairs(afterSignIn).pairs, 650052, 'invalid_client', state);
    expect(params.get('error_description')).toContain("'fc780465-2017-40d4-a0c5-307022471b92'(WindowsDefenderATP)");
    expect(tenant('Tailspin Toys').servicePrincipal).toBeNull();
    expect(sim.services.entra.consentEvents.at(-1)).toMatchObject({ outcome: 'service-not-enabled' });
  });

  it('shows AADSTS50011 as a page, never a redirect, for a redirect URI that is not registered exactly', async () => {
    for (const redirect of [
      'http://localhost:3000/consent/callback/extra',
      'http://localhost:3001/consent/callback',
      'https://evil.example/consent/callback',
    ]) {
      const { response } = await startConsent(sim, {
        flow: 'v2',
        tenant: tenant('Fabrikam').id,
        params: { redirect_uri: redirect },
      });
      expect(response.status, redirect).toBe(400);
      expect(response.location).toBeUndefined();
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('AADSTS50011');
    }
    const missing = await startConsent(sim, {
      flow: 'v2',
      tenant: tenant('Fabrikam').id,
      params: { redirect_uri: undefined },
    });
    expect(missing.response.status).toBe(400);
    expect(missing.response.text).toContain('AADSTS900144');
  });

  it('shows pages for an unknown client (700016) and an unknown tenant (90002)', async () => {
    const unknownClient = await startConsent(sim, {
      flow: 'v2',
      tenant: tenant('Fabrikam').id,
      params: { client_id: '11111111-2222-4333-8444-555555555555' },
    });
    expect(unknownClient.response.status).toBe(400);
    expect(unknownClient.response.text).toContain('AADSTS700016');
    expect(unknownClient.response.location).toBeUndefined();
    const unknownTenant = await startConsent(sim, { flow: 'v2', tenant: 'nobody.onmicrosoft.com' });
    expect(unknownTenant.response.status).toBe(400);
    expect(unknownTenant.response.text).toContain('AADSTS90002');
  });

  it('sends scope problems back to the app: unlisted resource 650057, not /.default 70011, no scope 900144', async () => {
    const cases = [
      { scope: 'https://management.azure.com/.default', code: 650057, error: 'invalid_client' },
      { scope: 'https://graph.microsoft.com/User.Read', code: 70011, error: 'invalid_scope' },
      { scope: undefined, code: 900144, error: 'invalid_request' },
    ];
    for (const { scope, code, error } of cases) {
      const { response, state } = await startConsent(sim, {
        flow: 'v2',
        tenant: tenant('Fabrikam').id,
        params: { scope },
      });
      expectConsentError(redirectPairs(response).pairs, code, error, state);
    }
    // Several /.default scopes of listed APIs, with OIDC scopes, are fine.
    const fine = await startConsent(sim, {
      flow: 'v2',
      tenant: tenant('Fabrikam').id,
      params: { scope: 'openid https://graph.microsoft.com/.default https://api.security.microsoft.com/.default' },
    });
    expect(fine.response.status).toBe(200);
  });

  it('decides each pending request once, and its pages carry no inline script', async () => {
    const { response, afterSignIn } = await signInToConsent(sim, {
      flow: 'v2',
      tenant: tenant('Fabrikam').id,
      user: { user: user('Fabrikam', 'Dana Fabrikam').id },
    });
    for (const page of [response, afterSignIn]) {
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/i);
      expect(page.text).not.toMatch(/\son[a-z]+=/i);
      expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    }
    expect((await decideConsent(sim, afterSignIn, 'accept')).status).toBe(302);
    const again = await decideConsent(sim, afterSignIn, 'accept');
    expect(again.status).toBe(400);
    expect(again.text).toContain('AADSTS50089');
  });
});

describe('admin consent v1 (/{tenant}/adminconsent)', () => {
  it('redirects with tenant, state and admin_consent=True (no scope), and accepts extra path segments', async () => {
    const northwind = tenant('Northwind Traders');
    const redirect = `${CONSENT_CALLBACK}/northwind`;
    const { afterSignIn, state } = await signInToConsent(sim, {
      flow: 'v1',
      tenant: 'northwindtraders.onmicrosoft.com',
      params: { redirect_uri: redirect },
      user: { user: user('Northwind Traders', 'Nadia Northwind').id },
    });
    const { target, pairs } = redirectPairs(await decideConsent(sim, afterSignIn, 'accept'));
    expect(target).toBe(redirect);
    expect(pairs).toEqual([
      ['tenant', northwind.id],
      ['state', state!],
      ['admin_consent', 'True'],
    ]);
  });

  it('answers Cancel and wrong-directory users like v2, and a bad redirect URI with the 50011 page', async () => {
    const cancel = await signInToConsent(sim, {
      flow: 'v1',
      tenant: tenant('Fabrikam').id,
      user: { user: user('Fabrikam', 'Dana Fabrikam').id },
    });
    expectConsentError(
      redirectPairs(await decideConsent(sim, cancel.afterSignIn, 'cancel')).pairs,
      65004,
      'access_denied',
      cancel.state,
    );
    const foreign = await signInToConsent(sim, {
      flow: 'v1',
      tenant: tenant('Fabrikam').id,
      user: { login: 'lee.admin@litware.onmicrosoft.com' },
    });
    expectConsentError(redirectPairs(foreign.afterSignIn).pairs, 50020, 'access_denied', foreign.state);
    const bad = await startConsent(sim, {
      flow: 'v1',
      tenant: tenant('Fabrikam').id,
      params: { redirect_uri: 'http://localhost:3000/consent/callbackx' },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.response.text).toContain('AADSTS50011');
  });
});

describe('legacy consent link (/common/oauth2/authorize?prompt=consent, §A1)', () => {
  it("signs in any tenant's admin and, with 'consent on behalf of your organization', grants and redirects to the first registered URI with code, session_state and admin_consent=True", async () => {
    const { response, afterSignIn } = await signInToConsent(sim, {
      flow: 'legacy',
      tenant: 'common',
      user: { user: user('Fabrikam', 'Dana Fabrikam').id },
    });
    expect(response.text).toContain('Lee Litware');
    expect(afterSignIn.text).toContain('name="consent_for_org"');
    const { target, pairs } = redirectPairs(
      await decideConsent(sim, afterSignIn, 'accept', { consent_for_org: 'true' }),
    );
    expect(target).toBe(sim.app.redirectUris[0]);
    expect(pairs.map(([name]) => name)).toEqual(['code', 'session_state', 'admin_consent']);
    expect(new URLSearchParams(pairs).get('admin_consent')).toBe('True');
    expect(tenant('Fabrikam').servicePrincipal?.grantedAppRoles).toEqual(ALL_ROLES);
    expect(sim.services.entra.consentEvents.at(-1)).toMatchObject({ flow: 'authorize-v1', outcome: 'granted' });
  });

  it('grants nothing when the admin leaves the organization box unticked (no admin_consent in the callback)', async () => {
    const { afterSignIn } = await signInToConsent(sim, {
      flow: 'legacy',
      tenant: 'common',
      user: { user: user('Fabrikam', 'Dana Fabrikam').id },
    });
    const { pairs } = redirectPairs(await decideConsent(sim, afterSignIn, 'accept'));
    expect(pairs.map(([name]) => name)).toEqual(['code', 'session_state']);
    expect(tenant('Fabrikam').servicePrincipal).toBeNull();
  });

  it('with prompt=admin_consent consents for the organization without asking; non-admins need approval', async () => {
    const admin = await signInToConsent(sim, {
      flow: 'legacy',
      tenant: 'common',
      params: { prompt: 'admin_consent' },
      user: { user: user('Fabrikam', 'Dana Fabrikam').id },
    });
    expect(admin.afterSignIn.text).not.toContain('name="consent_for_org"');
    expect(redirectPairs(await decideConsent(sim, admin.afterSignIn, 'accept')).pairs.map(([name]) => name)).toEqual([
      'code',
      'session_state',
      'admin_consent',
    ]);
    const plain = await signInToConsent(sim, {
      flow: 'legacy',
      tenant: 'common',
      user: { user: user('Woodgrove Bank', 'Winnie Woodgrove').id },
    });
    expect(plain.afterSignIn.status).toBe(200);
    expect(plain.afterSignIn.text).toContain('<h1>Need admin approval</h1>');
  });

  it('sends other v1 authorize requests back with an error, and unknown clients to a page', async () => {
    const noPrompt = await startConsent(sim, { flow: 'legacy', tenant: 'common', params: { prompt: undefined } });
    const { target, pairs } = redirectPairs(noPrompt.response);
    expect(target).toBe(sim.app.redirectUris[0]);
    expect(new URLSearchParams(pairs).get('error')).toBe('invalid_request');
    const unknown = await startConsent(sim, {
      flow: 'legacy',
      tenant: 'common',
      params: { client_id: '11111111-2222-4333-8444-555555555555' },
    });
    expect(unknown.response.status).toBe(400);
    expect(unknown.response.text).toContain('AADSTS700016');
  });
});
