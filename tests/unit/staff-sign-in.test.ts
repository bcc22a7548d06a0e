import { describe, expect, it } from 'vitest';
import { roleFromClaim, roleSatisfies } from '@/lib/auth/roles';
import { safeCallbackUrl } from '@/lib/auth/safe-callback-url';
import { signInErrorFromCallback } from '@/lib/auth/sign-in-errors';
import { evaluateStaffSignIn } from '@/lib/auth/staff-claims';

const PARTNER = '11111111-2222-4333-8444-555555555555';
const policy = { partnerTenantId: PARTNER, guestAccess: 'with-app-role' } as const;
const claims = {
  tid: PARTNER,
  oid: '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
  sub: 'pairwise-subject',
  name: 'Avery Admin',
  preferred_username: 'avery@partner.example',
  roles: ['Canopy.Admin'],
};

describe('evaluateStaffSignIn', () => {
  it('admits a partner-tenant user with their strongest role', () => {
    expect(evaluateStaffSignIn({ ...claims, roles: ['Canopy.Analyst', 'Canopy.Admin'] }, policy)).toEqual({
      allowed: true,
      identity: {
        entraObjectId: claims.oid,
        name: 'Avery Admin',
        email: 'avery@partner.example',
        role: 'ADMIN',
        guestOf: null,
      },
    });
  });

  it('admits a user with no app role, with a null role', () => {
    const { roles: _roles, ...noRoles } = claims;
    const decision = evaluateStaffSignIn(noRoles, policy);
    expect(decision.allowed && decision.identity.role).toBe(null);
  });

  it('refuses a token from another tenant, whatever its roles', () => {
    expect(evaluateStaffSignIn({ ...claims, tid: '22222222-2222-4333-8444-555555555555' }, policy)).toEqual({
      allowed: false,
      reason: 'wrong-tenant',
    });
  });

  it('compares tenant ids case-insensitively', () => {
    expect(evaluateStaffSignIn({ ...claims, tid: PARTNER.toUpperCase() }, policy).allowed).toBe(true);
  });

  it('refuses a token without tid or oid', () => {
    expect(evaluateStaffSignIn({ ...claims, tid: undefined }, policy)).toEqual({
      allowed: false,
      reason: 'malformed-token',
    });
    expect(evaluateStaffSignIn({ ...claims, oid: 'not-a-guid' }, policy)).toEqual({
      allowed: false,
      reason: 'malformed-token',
    });
  });

  describe('guests of the partner tenant', () => {
    const HOME_IDP = 'https://sts.windows.net/33333333-2222-4333-8444-555555555555/';
    const guest = { ...claims, idp: HOME_IDP, roles: ['Canopy.Analyst'] };

    it('lets a guest with an app role in, marked with the directory that authenticated them', () => {
      const decision = evaluateStaffSignIn(guest, policy);
      expect(decision).toMatchObject({ allowed: true, identity: { role: 'ANALYST', guestOf: HOME_IDP } });
    });

    it('refuses a guest without an app role (a member without one gets the no-access page instead)', () => {
      expect(evaluateStaffSignIn({ ...guest, roles: [] }, policy)).toEqual({
        allowed: false,
        reason: 'guest-without-role',
      });
    });

    it('refuses every guest when guest access is none', () => {
      expect(evaluateStaffSignIn(guest, { ...policy, guestAccess: 'none' })).toEqual({
        allowed: false,
        reason: 'guests-not-allowed',
      });
      expect(evaluateStaffSignIn(claims, { ...policy, guestAccess: 'none' }).allowed).toBe(true);
    });

    it('treats the optional acct=1 claim as a guest, and an idp naming the partner tenant as a member', () => {
      expect(evaluateStaffSignIn({ ...claims, acct: 1, roles: [] }, policy)).toMatchObject({
        reason: 'guest-without-role',
      });
      const ownIdp = { ...claims, idp: `https://sts.windows.net/${PARTNER}/` };
      expect(evaluateStaffSignIn(ownIdp, policy)).toMatchObject({ identity: { guestOf: null } });
    });
  });
});

describe('roles', () => {
  it('maps app role values and ignores others', () => {
    expect(roleFromClaim(['Canopy.Analyst'])).toBe('ANALYST');
    expect(roleFromClaim(['Something.Else'])).toBe(null);
    expect(roleFromClaim('Canopy.Admin')).toBe(null);
  });

  it('ranks admin above analyst', () => {
    expect(roleSatisfies('ADMIN', 'ANALYST')).toBe(true);
    expect(roleSatisfies('ANALYST', 'ADMIN')).toBe(false);
  });
});

describe('signInErrorFromCallback', () => {
  it('recognises AADSTS50020 (user of another directory) in an Entra error redirect', () => {
    const params = new URLSearchParams({
      error: 'access_denied',
      error_description:
        "AADSTS50020: User account 'x@fabrikam.example' from identity provider ... does not exist in tenant.\r\nTrace ID: 1",
      state: 's',
    });
    expect(signInErrorFromCallback(params)).toEqual({ error: 'WrongTenant' });
  });

  it('keeps any other AADSTS code, and handles errors without one', () => {
    expect(
      signInErrorFromCallback(
        new URLSearchParams({ error: 'access_denied', error_description: 'AADSTS65004: declined' }),
      ),
    ).toEqual({
      error: 'EntraError',
      code: '65004',
    });
    expect(signInErrorFromCallback(new URLSearchParams({ error: 'server_error' }))).toEqual({ error: 'EntraError' });
    expect(signInErrorFromCallback(new URLSearchParams({ code: 'abc', state: 's' }))).toBe(null);
  });
});

describe('safeCallbackUrl', () => {
  const PUBLIC_URL = 'https://canopy.example.com';

  it.each([
    ['/alerts?tenant=1#top', '/alerts?tenant=1#top'],
    ['alerts', '/alerts'],
    ['https://canopy.example.com/tenants?page=2', '/tenants?page=2'],
    ['https://canopy.example.com:443/x', '/x'],
  ])('keeps a same-origin URL: %s → %s', (input, expected) => {
    expect(safeCallbackUrl(input, PUBLIC_URL)).toBe(expected);
  });

  it.each([
    ['tab', '/\t/evil.example'],
    ['newline', '/\n/evil.example'],
    ['carriage return', '/\r/evil.example'],
    ['NUL', '/\u0000/evil.example'],
    ['backslash', '/\\evil.example'],
    ['backslashes only', '\\\\evil.example'],
    ['encoded tab', '/%09/evil.example'],
    ['encoded newline', '/%0a/evil.example'],
    ['encoded backslash', '/%5Cevil.example'],
    ['malformed encoding', '/%E0%A4%A'],
    ['protocol-relative', '//evil.example/'],
    ['other origin', 'https://evil.example/'],
    ['same host, other scheme', 'http://canopy.example.com/'],
    ['same host, other port', 'https://canopy.example.com:8443/'],
    ['user-info trick', 'https://canopy.example.com@evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['JavaScript: with spaces', ' JavaScript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['the sign-in page', '/signin?callbackUrl=/'],
    ['the auth API', '/api/auth/signout'],
    ['empty', ''],
    ['not a string', undefined],
    ['too long', `/${'a'.repeat(2048)}`],
  ])('refuses %s', (_name, input) => {
    expect(safeCallbackUrl(input, PUBLIC_URL)).toBe('/');
  });
});
