import { describe, expect, it } from 'vitest';
import { parseConsentCallback, sanitizeCallbackParams } from '@/lib/consent/callback-params';

// Callback queries written exactly as Microsoft sends them (reference §A3): form-encoded, `+` for
// spaces, lower-case hex escapes, `%0d%0a` before the Trace ID / Correlation ID / Timestamp lines.
const STATE = 'k3Jq0vV8m1Yp4T6s9Xw2Zc5Rb7Na0Lh3Gd6Fe9Uo1Iy';
const TENANT = '57b6504a-dffe-45bb-a0ef-ec5f14e05f6a';
const TRACE =
  '%0d%0aTrace+ID%3a+0000aaaa-11bb-cccc-dd33-eeeeee333333' +
  '%0d%0aCorrelation+ID%3a+aaaa0000-bb11-2222-33cc-444444dddddd' +
  '%0d%0aTimestamp%3a+2023-08-28+11%3a25%3a19Z';
const errorUri = (code: number) => `https%3a%2f%2flogin.microsoftonline.com%2ferror%3fcode%3d${code}`;

const SHAPES = {
  v2Success:
    `admin_consent=True&tenant=${TENANT}` +
    '&scope=https%3a%2f%2fapi.securitycenter.microsoft.com%2fAlert.Read.All+https%3a%2f%2fgraph.microsoft.com%2fSecurityAlert.Read.All' +
    `&state=${STATE}`,
  v1Success: `tenant=${TENANT}&state=${STATE}&admin_consent=True`,
  successWithoutAdminConsent: `tenant=${TENANT}&state=${STATE}`,
  v2DocError:
    'admin_consent=True&error=consent_required' +
    `&error_description=AADSTS65004%3a+The+resource+owner+or+authorization+server+denied+the+request.${TRACE}` +
    `&state=${STATE}`,
  cancel:
    `error=access_denied&error_description=AADSTS65004%3a+User+declined+to+consent+to+access+the+app.${TRACE}` +
    `&error_uri=${errorUri(65004)}&admin_consent=True&state=${STATE}`,
  otherDirectory:
    'error=access_denied&error_description=AADSTS50020%3a+User+account+%27dana%40fabrikam.com%27+from+identity+provider' +
    '+%27https%3a%2f%2fsts.windows.net%2f9188040d-6c67-4c5b-b112-36a304b66dad%2f%27+does+not+exist+in+tenant+%27Contoso%27' +
    `+and+cannot+access+the+application.${TRACE}&error_uri=${errorUri(50020)}&admin_consent=True&state=${STATE}`,
  olderCancel: `error=access_denied&error_subcode=cancel&state=${STATE}`,
  v1DocError: 'error=permission_denied&error_description=The+admin+canceled+the+request',
};

const parse = (query: string) => parseConsentCallback(new URLSearchParams(query));

describe('parseConsentCallback: success shapes', () => {
  it('v2: tenant, admin_consent=True and the granted scopes, space-separated', () => {
    expect(parse(SHAPES.v2Success)).toEqual({
      kind: 'callback',
      state: STATE,
      tenant: TENANT,
      adminConsent: true,
      scope:
        'https://api.securitycenter.microsoft.com/Alert.Read.All https://graph.microsoft.com/SecurityAlert.Read.All',
      error: null,
    });
  });

  it('v1: no scope', () => {
    expect(parse(SHAPES.v1Success)).toEqual({
      kind: 'callback',
      state: STATE,
      tenant: TENANT,
      adminConsent: true,
      scope: null,
      error: null,
    });
  });

  it('admin_consent absent (or not True) is tolerated and reads as false', () => {
    expect(parse(SHAPES.successWithoutAdminConsent)).toMatchObject({ kind: 'callback', adminConsent: false });
    expect(parse(`${SHAPES.v1Success.replace('True', 'False')}`)).toMatchObject({ adminConsent: false });
  });

  it('a trailing fragment on the redirect is not part of the query', () => {
    for (const suffix of ['#', '#_=_']) {
      const url = new URL(`https://canopy.example.com/consent/callback?${SHAPES.v1Success}${suffix}`);
      expect(parseConsentCallback(url.searchParams)).toMatchObject({ state: STATE, adminConsent: true });
    }
    const errorUrl = new URL(`https://canopy.example.com/consent/callback?${SHAPES.cancel}#`);
    expect(parseConsentCallback(errorUrl.searchParams)).toMatchObject({ state: STATE, error: { code: 65004 } });
  });
});

describe('parseConsentCallback: error shapes (no tenant, admin_consent=True even so)', () => {
  it('Cancel as observed: access_denied with AADSTS65004, error_uri and admin_consent=True', () => {
    expect(parse(SHAPES.cancel)).toEqual({
      kind: 'callback',
      state: STATE,
      tenant: null,
      adminConsent: true,
      scope: null,
      error: { error: 'access_denied', code: 65004, subcode: null },
    });
  });

  it("the v2 page's example: consent_required with AADSTS65004 in a \\r\\n description", () => {
    expect(parse(SHAPES.v2DocError)).toMatchObject({
      tenant: null,
      adminConsent: true,
      error: { error: 'consent_required', code: 65004, subcode: null },
    });
  });

  it('an account from another directory: AADSTS50020', () => {
    expect(parse(SHAPES.otherDirectory)).toMatchObject({
      tenant: null,
      error: { error: 'access_denied', code: 50020 },
    });
  });

  it('the older cancel without AADSTS: error_subcode=cancel reads as declined (65004)', () => {
    expect(parse(SHAPES.olderCancel)).toMatchObject({
      adminConsent: false,
      error: { error: 'access_denied', code: 65004, subcode: 'cancel' },
    });
  });

  it('another subcode without a code stays without a code', () => {
    expect(parse(`error=access_denied&error_subcode=login_required&state=${STATE}`)).toMatchObject({
      error: { error: 'access_denied', code: null, subcode: 'login_required' },
    });
  });

  it('a code only in error_uri is found there', () => {
    const query = `error=invalid_request&error_description=Admin+approval+needed&error_uri=${errorUri(90094)}&state=${STATE}`;
    expect(parse(query)).toMatchObject({ error: { error: 'invalid_request', code: 90094 } });
  });

  it.each([
    'access_denied',
    'consent_required',
    'permission_denied',
    'invalid_request',
    'invalid_client',
    'unauthorized_client',
    'server_error',
    'temporarily_unavailable',
  ])('error=%s without a description: an error with no code', (error) => {
    expect(parse(`error=${error}&state=${STATE}`)).toMatchObject({ error: { error, code: null, subcode: null } });
  });

  it('an empty error is still an error: such a callback never counts as consent', () => {
    expect(parse(`${SHAPES.v2Success}&error=`)).toMatchObject({ error: { error: 'unknown_error', code: null } });
  });

  it('error wins: it is reported even beside a success-looking tenant and scope', () => {
    const forged = `${SHAPES.v2Success}&error=access_denied`;
    expect(parse(forged)).toMatchObject({ tenant: TENANT, error: { error: 'access_denied' } });
  });

  it("the v1 doc's error as written carries no state: refused as missing", () => {
    expect(parse(SHAPES.v1DocError)).toEqual({ kind: 'missing-state' });
    expect(parse(`${SHAPES.v1DocError}&state=${STATE}`)).toMatchObject({
      error: { error: 'permission_denied', code: null },
    });
  });
});

describe('parseConsentCallback: malformed callbacks', () => {
  it('no state, or an empty one', () => {
    expect(parse(`admin_consent=True&tenant=${TENANT}`)).toEqual({ kind: 'missing-state' });
    expect(parse(`admin_consent=True&tenant=${TENANT}&state=`)).toEqual({ kind: 'missing-state' });
    expect(parse('')).toEqual({ kind: 'missing-state' });
  });

  it.each([
    ['state', `${SHAPES.v1Success}&state=${STATE}`],
    ['state', `${SHAPES.v1Success}&state=other`],
    ['tenant', `${SHAPES.v1Success}&tenant=11111111-2222-4333-8444-555555555555`],
    ['error', `${SHAPES.cancel}&error=server_error`],
    ['admin_consent', `${SHAPES.v1Success}&admin_consent=True`],
  ])('two %s parameters are refused', (name, query) => {
    expect(parse(query)).toEqual({ kind: 'duplicate-parameters', names: [name] });
  });

  it('duplicates are refused before a missing state is noticed, and all are named', () => {
    expect(parse(`tenant=${TENANT}&tenant=${TENANT}&error=a&error=b`)).toEqual({
      kind: 'duplicate-parameters',
      names: ['tenant', 'error'],
    });
  });
});

describe('sanitizeCallbackParams', () => {
  it('keeps every parameter but the state, with \\r\\n lines turned into spaces', () => {
    expect(sanitizeCallbackParams(new URLSearchParams(SHAPES.cancel))).toEqual({
      error: ['access_denied'],
      error_description: [
        'AADSTS65004: User declined to consent to access the app. Trace ID: 0000aaaa-11bb-cccc-dd33-eeeeee333333 ' +
          'Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd Timestamp: 2023-08-28 11:25:19Z',
      ],
      error_uri: ['https://login.microsoftonline.com/error?code=65004'],
      admin_consent: ['True'],
      state: ['[not stored]'],
    });
  });

  it('never stores a state value, even duplicated or disguised by control characters in its name', () => {
    const stored = sanitizeCallbackParams(
      new URLSearchParams(`state=${STATE}&state=second-${STATE}&%00state%0d=third-${STATE}&tenant=${TENANT}`),
    );
    expect(stored.state).toEqual(['[not stored]']);
    expect(JSON.stringify(stored)).not.toContain(STATE);
  });

  it('removes C0 and C1 control characters, DEL and NUL included', () => {
    const stored = sanitizeCallbackParams(new URLSearchParams('error=a%00b%07c%7fd%c2%85e%0d%0a%09f&na%0ame=x'));
    expect(stored).toEqual({ error: ['a b c d e f'], 'na me': ['x'] });
  });

  it('caps each value at 2 KB of UTF-8 and never splits a character', () => {
    const ascii = sanitizeCallbackParams(new URLSearchParams({ error_description: 'a'.repeat(10_000) }));
    expect(ascii.error_description![0]).toBe('a'.repeat(2048));

    // PostgreSQL's jsonb refuses half a surrogate pair: the event would not be recorded at all.
    const emoji = sanitizeCallbackParams(new URLSearchParams({ error: `${'a'.repeat(2047)}😀` }));
    expect(emoji.error![0]).toBe('a'.repeat(2047));

    const euros = sanitizeCallbackParams(new URLSearchParams({ error: '€'.repeat(1000) }));
    expect(euros.error![0]).toBe('€'.repeat(682));
    expect(Buffer.byteLength(euros.error![0]!)).toBeLessThanOrEqual(2048);
  });

  it('caps parameter names too', () => {
    const stored = sanitizeCallbackParams(new URLSearchParams({ ['n'.repeat(500)]: 'x' }));
    expect(Object.keys(stored)).toEqual(['n'.repeat(64)]);
  });

  it('stores at most 20 values, so a hostile caller cannot fill the database', () => {
    const query = new URLSearchParams(`state=${STATE}`);
    for (let i = 0; i < 50; i++) query.append(`p${i}`, 'v');
    for (let i = 0; i < 10; i++) query.append('p0', `again${i}`);
    const stored = sanitizeCallbackParams(query);
    const values = Object.entries(stored).filter(([name]) => name !== 'state');
    expect(values.flatMap(([, v]) => v)).toHaveLength(20);
    expect(Object.keys(stored)).toEqual(['state', ...Array.from({ length: 20 }, (_, i) => `p${i}`)]);
  });

  it('keeps repeated parameters as a list', () => {
    expect(sanitizeCallbackParams(new URLSearchParams('tenant=a&tenant=b'))).toEqual({ tenant: ['a', 'b'] });
  });

  it('a parameter named __proto__ stays data and does not change the prototype', () => {
    const stored = sanitizeCallbackParams(new URLSearchParams('__proto__=polluted&constructor=x'));
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.hasOwn(stored, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value).toEqual(['polluted']);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(JSON.parse('{"__proto__":["polluted"],"constructor":["x"]}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
