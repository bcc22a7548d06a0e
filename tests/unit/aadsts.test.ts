import { describe, expect, it } from 'vitest';
import { explainAadsts, PARTNER_CREDENTIAL_CODES, parseAadstsCode } from '@/lib/consent/aadsts';

describe('parseAadstsCode', () => {
  it('reads the number of a description, with its \\r\\n trace lines', () => {
    const description =
      'AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 0000aaaa-11bb-cccc-dd33-eeeeee333333\r\n' +
      'Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd\r\nTimestamp: 2023-08-28 11:25:19Z';
    expect(parseAadstsCode(description)).toBe(65004);
    expect(parseAadstsCode('AADSTS7000222: The provided client secret keys for app are expired.')).toBe(7000222);
  });

  it("reads the number of an error_uri (Microsoft's lookup page)", () => {
    expect(parseAadstsCode(null, 'https://login.microsoftonline.com/error?code=50020')).toBe(50020);
    expect(parseAadstsCode(undefined, 'https://login.microsoftonline.com/error?lang=en&code=650052')).toBe(650052);
  });

  it('prefers the description, then the error_uri', () => {
    expect(parseAadstsCode('AADSTS90094: admin needed', 'https://login.microsoftonline.com/error?code=65004')).toBe(
      90094,
    );
    expect(parseAadstsCode('No code here', 'https://login.microsoftonline.com/error?code=65004')).toBe(65004);
  });

  it.each([
    [[]],
    [[null, undefined, '']],
    [['The admin canceled the request']],
    [['AADSTS12: too short']],
    [['https://login.microsoftonline.com/error?errcode=65004']],
  ])('finds no code in %j', (texts) => {
    expect(parseAadstsCode(...texts)).toBeNull();
  });
});

describe('explainAadsts', () => {
  // Every code of reference §A4 and §B4 the module explains, with a word that must be in it.
  const KNOWN: [number, RegExp][] = [
    [65004, /declined/i],
    [50020, /another organisation/i],
    [90094, /administrator must consent/i],
    [90095, /administrator must consent/i],
    [650052, /service is not enabled/i],
    [650056, /misconfigured/i],
    [650057, /misconfigured/i],
    [65005, /misconfigured/i],
    [50011, /redirect uri/i],
    [70011, /scope/i],
    [700016, /not consented/i],
    [7000229, /not consented/i],
    [65001, /consent not found/i],
    [500011, /not provisioned/i],
    [90002, /tenant not found/i],
    [53003, /conditional access/i],
    [90099, /partner relationship/i],
    [7000215, /secret is wrong/i],
    [7000222, /secret has expired/i],
    [700027, /certificate/i],
    [7000218, /no credential/i],
    [70001, /disabled/i],
  ];

  it.each(KNOWN)('AADSTS%i has its own explanation (%s)', (code, title) => {
    const explained = explainAadsts(code, 'access_denied');
    expect(explained.title).toMatch(title);
    expect(explained.explanation.length).toBeGreaterThan(20);
    expect(explained.nextStep.length).toBeGreaterThan(10);
    // The oauth error is not needed (nor echoed) once the code is known.
    expect(explained).toEqual(explainAadsts(code));
    expect(JSON.stringify(explained)).not.toContain('access_denied');
  });

  it('explanations of a consent decline and a replication delay point to the right next step', () => {
    expect(explainAadsts(65004).nextStep).toMatch(/new invitation/);
    expect(explainAadsts(700016).nextStep).toMatch(/Wait a few minutes/);
    expect(explainAadsts(500011).nextStep).toMatch(/Collect only the Defender data the customer has/);
    expect(explainAadsts(7000222).nextStep).toMatch(/ENTRA_CLIENT_SECRET/);
  });

  it('an unknown code is named, with the oauth error when there is one', () => {
    expect(explainAadsts(12345678, 'invalid_request')).toEqual({
      title: 'Microsoft reported AADSTS12345678',
      explanation: 'Microsoft answered "invalid_request" with code AADSTS12345678.',
      nextStep: 'Look the code up at Microsoft (error lookup for 12345678), then send a new invitation.',
    });
    expect(explainAadsts(12345678).explanation).toBe('Microsoft did not say why.');
  });

  it('no code at all', () => {
    expect(explainAadsts(null, 'server_error')).toEqual({
      title: 'Microsoft reported an error',
      explanation: 'Microsoft answered "server_error".',
      nextStep: 'Try again; if it repeats, send a new invitation.',
    });
    expect(explainAadsts(null)).toMatchObject({
      title: 'Microsoft reported an error',
      explanation: 'Microsoft did not say why.',
    });
  });
});

describe('PARTNER_CREDENTIAL_CODES', () => {
  it("holds exactly the partner's own credential failures (reference §B4)", () => {
    expect([...PARTNER_CREDENTIAL_CODES].sort()).toEqual([700027, 7000215, 7000218, 7000222].sort());
  });

  it.each([700016, 7000229, 65001, 500011, 90002, 65004])('AADSTS%i is about the tenant, not the partner', (code) => {
    expect(PARTNER_CREDENTIAL_CODES.has(code)).toBe(false);
  });
});
