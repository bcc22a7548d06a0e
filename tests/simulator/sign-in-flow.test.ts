import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSigningKeys, verifyIdToken } from './support/id-tokens';
import { startTestSimulator, type TestSimulator } from './support/simulator';
import { openAuthorize, pendingIdOf, redeemCode, signInForCode } from './support/sign-in';

let sim: TestSimulator;
let jwks: Awaited<ReturnType<typeof fetchSigningKeys>>;

beforeAll(async () => {
  sim = await startTestSimulator();
  jwks = await fetchSigningKeys(sim);
});
afterAll(async () => {
  await sim?.close();
});

const verifyPartnerIdToken = (idToken: string) => verifyIdToken(sim, jwks, idToken);

describe('Pick an account page', () => {
  it("lists the tenant's users with UPN and app role as real buttons, and a labelled box for another account", async () => {
    const { response, state, nonce, params } = await openAuthorize(sim);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const page = response.text;
    expect(page).toContain('<h1>Pick an account</h1>');

    const buttons = [
      ...page.matchAll(/<button type="submit" class="account" name="user" value="([^"]+)">([\s\S]*?)<\/button>/g),
    ];
    const text = (html: string) =>
      html
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    expect(buttons.map((button) => [button[1], text(button[2]!)])).toEqual([
      [sim.users.admin.id, `Avery Admin ${sim.users.admin.userPrincipalName} Canopy.Admin`],
      [sim.users.analyst.id, `Sam Analyst ${sim.users.analyst.userPrincipalName} Canopy.Analyst`],
      [sim.users.noRole.id, `Riley NoRole ${sim.users.noRole.userPrincipalName} no app role`],
      // Guests come after the members and show the name they sign in with at home.
      [sim.users.guestAnalyst.id, 'Gale Guest gale.guest@fourthcoffee.com Canopy.Analyst · guest'],
      [sim.users.guestNoRole.id, 'Glen Guest glen.guest@proseware.com no app role · guest'],
    ]);
    expect(page).not.toContain(sim.users.foreign.userPrincipalName);

    expect(page).toMatch(
      /<label for="login">Email, phone, or Skype<\/label>\s*<input type="text" id="login" name="login"/,
    );
    expect(page).toMatch(/<button type="submit" class="primary">Next<\/button>/);

    // The request stays on the server: the page carries only an opaque id.
    expect(pendingIdOf(page)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const secretish of [state, nonce, params.code_challenge!, params.redirect_uri!])
      expect(page).not.toContain(secretish);
  });

  it('has no inline script or handlers and a CSP that forbids them', async () => {
    const { response } = await openAuthorize(sim);
    expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)/i);
    expect(response.text).not.toMatch(/\son[a-z]+=/i);
    expect(response.text).not.toMatch(/style=/i);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-store');
    const css = await sim.request(`${sim.origin}/_simulator/static/sign-in.css`);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('accepts the authorize request as a POST form too, and pre-fills login_hint', async () => {
    const { response } = await openAuthorize(sim, {
      method: 'POST',
      params: { login_hint: 'sam.analyst@contososecurity.onmicrosoft.com' },
    });
    expect(response.status).toBe(200);
    expect(response.text).toContain('value="sam.analyst@contososecurity.onmicrosoft.com"');
  });
});

describe('authorization code + PKCE sign-in', () => {
  it('redirects with code, state and session_state, then redeems with client_secret_basic for a valid ID token', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id);
    const location = new URL(flow.picked.location!);
    expect(`${location.origin}${location.pathname}`).toBe(sim.redirectUri);
    expect([...flow.redirect.keys()]).toEqual(['code', 'state', 'session_state']);
    expect(flow.redirect.get('state')).toBe(flow.state);
    expect(flow.redirect.get('session_state')).toMatch(/^[0-9a-f-]{36}$/);

    const response = await redeemCode(sim, { code: flow.code, verifier: flow.verifier, auth: 'basic' });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toContain('no-store');
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'ext_expires_in',
      'id_token',
      'scope',
      'token_type',
    ]);
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: expect.any(Number),
      ext_expires_in: expect.any(Number),
    });
    expect(String(body.scope).split(' ')).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));

    const claims = await verifyPartnerIdToken(String(body.id_token));
    expect(claims).toMatchObject({
      aud: sim.app.clientId,
      iss: `${sim.origin}/${sim.partner.id}/v2.0`,
      tid: sim.partner.id,
      oid: sim.users.admin.id,
      preferred_username: sim.users.admin.userPrincipalName,
      name: 'Avery Admin',
      email: sim.users.admin.mail,
      roles: ['Canopy.Admin'],
      nonce: flow.nonce,
      ver: '2.0',
      sid: flow.redirect.get('session_state'),
    });
    // A member's identity provider is the issuer itself: Entra leaves `idp` out.
    expect(claims).not.toHaveProperty('idp');
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claims.sub).not.toBe(claims.oid);
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.nbf).toBe(claims.iat);
    expect(Math.abs(claims.iat! - Date.now() / 1000)).toBeLessThan(60);
    for (const opaque of ['aio', 'rh', 'uti']) expect(typeof claims[opaque]).toBe('string');
  });

  it('redeems with client_secret in the body (client_secret_post) and gives analysts their role', async () => {
    const flow = await signInForCode(sim, sim.users.analyst.id);
    const response = await redeemCode(sim, { code: flow.code, verifier: flow.verifier, auth: 'body' });
    expect(response.status).toBe(200);
    const claims = await verifyPartnerIdToken(String(response.json().id_token));
    expect(claims.roles).toEqual(['Canopy.Analyst']);
    expect(claims.oid).toBe(sim.users.analyst.id);
  });

  it('omits roles (and email without a mailbox) for a user without an app role', async () => {
    const flow = await signInForCode(sim, sim.users.noRole.id);
    const response = await redeemCode(sim, { code: flow.code, verifier: flow.verifier });
    const claims = await verifyPartnerIdToken(String(response.json().id_token));
    expect(claims.oid).toBe(sim.users.noRole.id);
    expect('roles' in claims).toBe(false);
    expect('email' in claims).toBe(false);
    expect(claims.preferred_username).toBe(sim.users.noRole.userPrincipalName);
  });

  it('keeps sub pairwise: stable per user across sign-ins, different between users', async () => {
    const subjectOf = async (userId: string) => {
      const flow = await signInForCode(sim, userId);
      const tokens = (await redeemCode(sim, { code: flow.code, verifier: flow.verifier })).json();
      return (await verifyPartnerIdToken(String(tokens.id_token))).sub;
    };
    const first = await subjectOf(sim.users.admin.id);
    expect(await subjectOf(sim.users.admin.id)).toBe(first);
    expect(await subjectOf(sim.users.analyst.id)).not.toBe(first);
  });

  it('leaves name and preferred_username out without the profile scope, as Entra does', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id, { params: { scope: 'openid' } });
    const tokens = (await redeemCode(sim, { code: flow.code, verifier: flow.verifier })).json();
    const claims = await verifyPartnerIdToken(String(tokens.id_token));
    expect(claims).not.toHaveProperty('name');
    expect(claims).not.toHaveProperty('preferred_username');
    expect(claims.roles).toEqual(['Canopy.Admin']);
  });

  it('issues a Graph access token (v1 format) signed by the same keys', async () => {
    const flow = await signInForCode(sim, sim.users.admin.id);
    const tokens = (await redeemCode(sim, { code: flow.code, verifier: flow.verifier })).json();
    const accessToken = String(tokens.access_token);
    expect(decodeProtectedHeader(accessToken)).toMatchObject({
      alg: 'RS256',
      typ: 'JWT',
      kid: expect.any(String),
      x5t: expect.any(String),
    });
    const { payload } = await jwtVerify(accessToken, jwks, {
      audience: '00000003-0000-0000-c000-000000000000',
      issuer: `https://sts.windows.net/${sim.partner.id}/`,
    });
    expect(payload).toMatchObject({
      tid: sim.partner.id,
      oid: sim.users.admin.id,
      scp: 'User.Read',
      ver: '1.0',
      appid: sim.app.clientId,
    });
    expect(String(tokens.scope)).toBe('email openid profile https://graph.microsoft.com/User.Read');
  });

  it('ignores MSAL telemetry and unknown parameters at the token endpoint', async () => {
    const flow = await signInForCode(sim, sim.users.analyst.id);
    const response = await redeemCode(sim, {
      code: flow.code,
      verifier: flow.verifier,
      auth: 'body',
      extra: {
        'x-client-SKU': 'msal.js.node',
        'x-client-VER': '7.2.1',
        'client-request-id': '5b9c0f3e-0000-4000-8000-000000000000',
        'x-ms-lib-capability': 'retry-after, h429',
        client_info: '1',
      },
    });
    expect(response.status).toBe(200);
  });

  it('delivers the code by form_post when asked', async () => {
    const opened = await openAuthorize(sim, { params: { response_mode: 'form_post' } });
    const picked = await sim.request(`${sim.origin}/${sim.partner.id}/login`, {
      form: { pending: pendingIdOf(opened.response.text), user: sim.users.admin.id },
    });
    expect(picked.status).toBe(200);
    expect(picked.location).toBeUndefined();
    expect(picked.text).toContain(`<form method="post" action="${sim.redirectUri}" id="response-form">`);
    const fields = Object.fromEntries(
      [...picked.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    );
    expect(Object.keys(fields)).toEqual(['code', 'state', 'session_state']);
    expect(fields.state).toBe(opened.state);
    expect(picked.text).toContain('<script src="/_simulator/static/form-post.js" defer></script>');
    expect(picked.text).toMatch(/<button type="submit" class="primary">Continue<\/button>/);
    const redeemed = await redeemCode(sim, { code: fields.code!, verifier: opened.verifier });
    expect(redeemed.status).toBe(200);
  });

  it('delivers the code in the fragment when response_mode=fragment', async () => {
    const opened = await openAuthorize(sim, { params: { response_mode: 'fragment' } });
    const picked = await sim.request(`${sim.origin}/${sim.partner.id}/login`, {
      form: { pending: pendingIdOf(opened.response.text), user: sim.users.admin.id },
    });
    const location = new URL(picked.location!);
    expect(location.search).toBe('');
    expect(new URLSearchParams(location.hash.slice(1)).get('state')).toBe(opened.state);
  });

  it("signs in a partner user typed into 'Use another account'", async () => {
    const opened = await openAuthorize(sim);
    const picked = await sim.request(`${sim.origin}/${sim.partner.id}/login`, {
      form: {
        pending: pendingIdOf(opened.response.text),
        login: `  ${sim.users.analyst.userPrincipalName.toUpperCase()} `,
      },
    });
    const params = new URL(picked.location!).searchParams;
    const tokens = (await redeemCode(sim, { code: params.get('code')!, verifier: opened.verifier })).json();
    expect((await verifyPartnerIdToken(String(tokens.id_token))).oid).toBe(sim.users.analyst.id);
  });

  it('logs one line per request without query strings, codes, state, secrets or tokens', async () => {
    sim.logLines.length = 0;
    const flow = await signInForCode(sim, sim.users.admin.id);
    const tokens = (await redeemCode(sim, { code: flow.code, verifier: flow.verifier })).json();
    expect(sim.logLines).toHaveLength(3);
    for (const line of sim.logLines) {
      expect(line).toMatch(/^\[simulator\] (GET|POST) \/[^?\s]* \d{3} \d+ms$/);
      for (const secret of [
        flow.code,
        flow.state,
        flow.nonce,
        flow.verifier,
        sim.secret,
        String(tokens.id_token),
        String(tokens.access_token),
      ]) {
        expect(line).not.toContain(secret);
      }
    }
  });
});
