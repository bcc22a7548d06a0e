import { describe, expect, it } from 'vitest';
import { roleFromClaim, roleSatisfies } from '@/lib/auth/roles';
import { safeCallbackUrl } from '@/lib/auth/safe-callback-url';
import { signInErrorFromCallback } from '@/lib/auth/sign-in-errors';
import { evaluateStaffSignIn } from '@/lib/auth/staff-claims';

const PARTNER = '11111111-2222-4333-8444-555555555555';
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
    expect(evaluateStaffSignIn({ ...claims, roles: ['Canopy.Analyst', 'Canopy.Admin'] }, PARTNER)).toEqual({
      allowed: true,
      identity: {
        entraObjectId: claims.oid,
        tenantId: PARTNER,
        name: 'Avery Admin',
        email: 'avery@partner.example',
        role: 'ADMIN',
      },
    });
  });

  it('admits a user with no app role, with a null role', () => {
    const { roles: _roles, ...noRoles } = claims;
    const decision = evaluateStaffSignIn(noRoles, PARTNER);
    expect(decision.allowed && decision.identity.role).toBe(null);
  });

  it('refuses a token from another tenant, whatever its roles', () => {
    expect(evaluateStaffSignIn({ ...claims, tid: '22222222-2222-4333-8444-555555555555' }, PARTNER)).toEqual({
      allowed: false,
      reason: 'wrong-tenant',
    });
  });

  it('compares tenant ids case-insensitively', () => {
    expect(evaluateStaffSignIn({ ...claims, tid: PARTNER.toUpperCase() }, PARTNER).allowed).toBe(true);
  });

  it('refuses a token without tid or oid', () => {
    expect(evaluateStaffSignIn({ ...claims, tid: undefined }, PARTNER)).toEqual({
      allowed: false,
      reason: 'malformed-token',
    });
    expect(evaluateStaffSignIn({ ...claims, oid: 'not-a-guid' }, PARTNER)).toEqual({
      allowed: false,
      reason: 'malformed-token',
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
  it.each([
    ['/alerts?tenant=1', '/alerts?tenant=1'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/signin?x=1', '/'],
    [undefined, '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});
