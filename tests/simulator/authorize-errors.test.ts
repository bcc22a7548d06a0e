import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorRedirectParams } from './support/entra-errors';
import { startTestSimulator, type TestSimulator } from './support/simulator';
import { openAuthorize, pendingIdOf, redirectParams, submitAccount } from './support/sign-in';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ extraRedirectUris: ['http://localhost:4555/api/auth/callback/entra'] });
});
afterAll(async () => {
  await sim?.close();
});

function expectErrorPage(
  response: { status: number; location?: string; text: string; headers: Record<string, unknown> },
  code: number,
) {
  expect(response.status).toBe(400);
  expect(response.location).toBeUndefined();
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.text).toContain(`AADSTS${code}:`);
}

describe('authorize errors shown as a page (no redirect)', () => {
  it('shows AADSTS50011 for an unregistered redirect_uri, escaped, without a Location header', async () => {
    const evil = 'https://evil.example/cb?"><script>alert(1)</script>';
    const { response } = await openAuthorize(sim, { params: { redirect_uri: evil } });
    expectErrorPage(response, 50011);
    expect(response.text).toContain('https://evil.example/cb?&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.text).not.toContain('<script>alert(1)');
  });

  it('compares redirect URIs exactly (a trailing slash or another port is a mismatch)', async () => {
    for (const uri of [
      `${sim.redirectUri}/`,
      sim.redirectUri.replace(':3000', ':3001'),
      sim.redirectUri.replace('http:', 'https:'),
    ]) {
      expectErrorPage((await openAuthorize(sim, { params: { redirect_uri: uri } })).response, 50011);
    }
  });

  it('accepts a redirect URI added at start', async () => {
    const { response } = await openAuthorize(sim, {
      params: { redirect_uri: 'http://localhost:4555/api/auth/callback/entra' },
    });
    expect(response.status).toBe(200);
  });

  it('shows AADSTS700016 for an unknown client and 900144 for a missing one', async () => {
    expectErrorPage(
      (await openAuthorize(sim, { params: { client_id: '11111111-2222-3333-4444-555555555555' } })).response,
      700016,
    );
    expectErrorPage((await openAuthorize(sim, { params: { client_id: undefined } })).response, 900144);
  });

  it('shows AADSTS90002 for an unknown tenant', async () => {
    expectErrorPage((await openAuthorize(sim, { tenant: 'nobody.onmicrosoft.com' })).response, 90002);
  });
});

describe('authorize errors returned to the redirect URI', () => {
  const cases: [string, Record<string, string | undefined>, string, number][] = [
    ['no PKCE', { code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request', 9002325],
    ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request', 90023],
    ['implicit flow', { response_type: 'id_token' }, 'unsupported_response_type', 700054],
    ['no openid scope', { scope: 'User.Read' }, 'invalid_scope', 70011],
    ['prompt=none without a session', { prompt: 'none' }, 'login_required', 50058],
  ];
  for (const [name, params, error, code] of cases) {
    it(`returns ${error} AADSTS${code} for ${name}, with state`, async () => {
      const { response, state } = await openAuthorize(sim, { params });
      const returned = redirectParams(response);
      expect(response.location!.startsWith(`${sim.redirectUri}?`)).toBe(true);
      expectErrorRedirectParams(returned, { error, code, origin: sim.origin });
      expect(returned.get('state')).toBe(state);
      expect(returned.has('code')).toBe(false);
    });
  }
});

describe('choosing an account', () => {
  it('sends a user of another tenant back with access_denied AADSTS50020 and the state', async () => {
    const { response, state } = await openAuthorize(sim);
    const answer = await submitAccount(sim, pendingIdOf(response.text), { login: sim.users.foreign.userPrincipalName });
    const params = redirectParams(answer);
    expect([...params.keys()]).toEqual(['error', 'error_description', 'error_uri', 'state']);
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toContain(
      `AADSTS50020: User account '${sim.users.foreign.userPrincipalName}' from identity provider 'https://sts.windows.net/${sim.customer.id}/' does not exist in tenant '${sim.partner.displayName}' and cannot access the application '${sim.app.clientId}'(${sim.app.displayName}) in that tenant.`,
    );
    expect(params.get('error_description')).toContain('\r\nTrace ID: ');
    expect(params.get('error_uri')).toBe(`${sim.origin}/error?code=50020`);
    expect(params.get('state')).toBe(state);
    // Raw Location encoded as Entra's .NET encoder does: lower-case hex, `+` for spaces, `'` escaped.
    expect(answer.location).toContain('%0d%0aTrace+ID%3a+');
    expect(answer.location).toContain(`error_description=AADSTS50020%3a+User+account+%27`);
  });

  it('re-shows the page with AADSTS50034 for an unknown UPN, escaping what was typed, and the request stays usable', async () => {
    const { response } = await openAuthorize(sim);
    const pendingId = pendingIdOf(response.text);
    const typed = 'ghost"<b>@contososecurity.onmicrosoft.com';
    const answer = await submitAccount(sim, pendingId, { login: typed });
    expect(answer.status).toBe(200);
    expect(answer.location).toBeUndefined();
    expect(answer.text).toContain('role="alert"');
    expect(answer.text).toContain(
      'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.',
    );
    expect(answer.text).toContain('AADSTS50034:');
    expect(answer.text).toContain('value="ghost&quot;&lt;b&gt;@contososecurity.onmicrosoft.com"');
    expect(answer.text).not.toContain('<b>@');
    expect(answer.text).toContain('aria-invalid="true"');
    const empty = await submitAccount(sim, pendingId, { login: '  ' });
    expect(empty.text).toContain('Enter a valid email address, phone number, or Skype name.');
    const picked = await submitAccount(sim, pendingId, { user: sim.users.admin.id });
    expect(redirectParams(picked).get('code')).toBeTruthy();
  });

  it('uses a pending request once, and refuses unknown or forged ids', async () => {
    const { response } = await openAuthorize(sim);
    const pendingId = pendingIdOf(response.text);
    expect(redirectParams(await submitAccount(sim, pendingId, { user: sim.users.admin.id })).get('code')).toBeTruthy();
    expectErrorPage(await submitAccount(sim, pendingId, { user: sim.users.admin.id }), 50089);
    expectErrorPage(await submitAccount(sim, 'forged', { user: sim.users.admin.id }), 50089);
  });

  it('refuses a user id of another tenant posted against the pending request', async () => {
    const { response } = await openAuthorize(sim);
    const answer = await submitAccount(sim, pendingIdOf(response.text), { user: sim.users.foreign.id });
    expectErrorPage(answer, 50089);
  });

  it("refuses a pending request posted to another tenant's path", async () => {
    const { response } = await openAuthorize(sim);
    const answer = await submitAccount(
      sim,
      pendingIdOf(response.text),
      { user: sim.users.foreign.id },
      sim.customer.id,
    );
    expectErrorPage(answer, 50089);
  });
});

describe('sign-out (end_session_endpoint)', () => {
  const logout = (params: Record<string, string>) =>
    sim.request(`${sim.origin}/${sim.partner.id}/oauth2/v2.0/logout?${new URLSearchParams(params)}`);

  it('redirects to a post_logout_redirect_uri on a registered origin, with state', async () => {
    const response = await logout({
      post_logout_redirect_uri: 'http://localhost:3000/signin?error=SignedOut',
      state: 's1',
    });
    expect(response.status).toBe(302);
    expect(response.location).toBe('http://localhost:3000/signin?error=SignedOut&state=s1');
  });

  it('shows a signed-out page without a target, and does not redirect to an unregistered one', async () => {
    const plain = await logout({});
    expect(plain.status).toBe(200);
    expect(plain.text).toContain('You signed out of your account');
    const foreign = await logout({ post_logout_redirect_uri: 'https://evil.example/' });
    expect(foreign.status).toBe(200);
    expect(foreign.location).toBeUndefined();
    expect(foreign.text).toContain('is not registered');
  });
});
