import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config/schema';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const SECRET = 'x'.repeat(40);

const base = {
  ENTRA_CLIENT_ID: CLIENT,
  ENTRA_TENANT_ID: TENANT,
  ENTRA_CLIENT_SECRET: 'dev-secret',
  CANOPY_AUTH_SECRET: SECRET,
};

const production = {
  ...base,
  CANOPY_ENV: 'production',
  CANOPY_PUBLIC_URL: 'https://canopy.example.com',
  DATABASE_URL: 'postgresql://canopy@db.example.com/canopy',
  CANOPY_PARTNER_NAME: 'Contoso Security Partners',
};

function problemsOf(env: Record<string, string | undefined>, readFile?: (p: string) => string): string[] {
  try {
    parseConfig(env, readFile);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('applies the commercial preset and development defaults', () => {
    const config = parseConfig(base);
    expect(config.mode).toBe('development');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.sessionMaxAgeSeconds).toBe(8 * 3600);
    expect(config.cloud).toBe('commercial');
    expect(config.endpoints).toEqual({
      authorityHost: 'https://login.microsoftonline.com',
      defenderEndpointApiUrl: 'https://api.security.microsoft.com',
      defenderEndpointResource: 'https://api.securitycenter.microsoft.com',
      defenderXdrApiUrl: 'https://api.security.microsoft.com',
      defenderXdrResource: 'https://api.security.microsoft.com',
      graphApiUrl: 'https://graph.microsoft.com',
      graphResource: 'https://graph.microsoft.com',
      defenderPortalUrl: 'https://security.microsoft.com',
    });
    expect(config.app.credential).toEqual({ kind: 'secret', secret: 'dev-secret' });
  });

  it.each([
    [
      'gcc',
      'https://login.microsoftonline.com',
      'https://api-gcc.securitycenter.microsoft.us',
      'https://graph.microsoft.com',
    ],
    [
      'gcc-high',
      'https://login.microsoftonline.us',
      'https://api-gov.securitycenter.microsoft.us',
      'https://graph.microsoft.us',
    ],
    [
      'dod',
      'https://login.microsoftonline.us',
      'https://api-gov.securitycenter.microsoft.us',
      'https://dod-graph.microsoft.us',
    ],
  ])('preset %s uses its sovereign endpoints', (cloud, authority, mde, graph) => {
    const { endpoints } = parseConfig({ ...base, MICROSOFT_CLOUD: cloud });
    expect([endpoints.authorityHost, endpoints.defenderEndpointApiUrl, endpoints.graphApiUrl]).toEqual([
      authority,
      mde,
      graph,
    ]);
  });

  it('derives the simulator preset from SIMULATOR_URL, keeping Microsoft resource ids', () => {
    const { endpoints } = parseConfig({
      ...base,
      MICROSOFT_CLOUD: 'simulator',
      SIMULATOR_URL: 'https://localhost:9443/',
    });
    expect(endpoints.authorityHost).toBe('https://localhost:9443');
    expect(endpoints.defenderEndpointApiUrl).toBe('https://localhost:9443/mde');
    expect(endpoints.defenderXdrApiUrl).toBe('https://localhost:9443/xdr');
    expect(endpoints.graphApiUrl).toBe('https://localhost:9443/graph');
    expect(endpoints.defenderEndpointResource).toBe('https://api.securitycenter.microsoft.com');
  });

  it('lets any single endpoint be overridden', () => {
    const { endpoints } = parseConfig({ ...base, DEFENDER_ENDPOINT_API_URL: 'https://eu.api.security.microsoft.com/' });
    expect(endpoints.defenderEndpointApiUrl).toBe('https://eu.api.security.microsoft.com');
    expect(endpoints.authorityHost).toBe('https://login.microsoftonline.com');
  });

  it('refuses non-https endpoints, naming the setting', () => {
    expect(problemsOf({ ...base, MICROSOFT_AUTHORITY_HOST: 'http://login.example.com' })).toEqual([
      'MICROSOFT_AUTHORITY_HOST: must be an https:// URL',
    ]);
  });

  it('names every bad setting at once', () => {
    const problems = problemsOf({ ENTRA_CLIENT_ID: 'not-a-guid', MICROSOFT_CLOUD: 'mars' });
    expect(problems.some((p) => p.startsWith('ENTRA_CLIENT_ID: must be a GUID'))).toBe(true);
    expect(problems.some((p) => p.startsWith('ENTRA_TENANT_ID:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('MICROSOFT_CLOUD:'))).toBe(true);
  });

  it('reports schema, credential and production problems of one run together', () => {
    const problems = problemsOf({
      ...production,
      ENTRA_CLIENT_ID: 'not-a-guid',
      CANOPY_SESSION_HOURS: 'forever',
      ENTRA_CLIENT_SECRET: undefined,
      ENTRA_CERTIFICATE_KEY: '-----BEGIN PRIVATE KEY-----',
      MICROSOFT_CLOUD: 'simulator',
      CANOPY_PUBLIC_URL: 'http://canopy.example.com',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'CANOPY_PUBLIC_URL',
      'CANOPY_SESSION_HOURS',
      'ENTRA_CERTIFICATE_THUMBPRINT',
      'ENTRA_CLIENT_ID',
      'MICROSOFT_CLOUD',
    ]);
  });

  it('names a setting once, even when a later check would refuse it again', () => {
    expect(problemsOf({ ...production, CANOPY_PUBLIC_URL: 'not a url' })).toEqual([
      'CANOPY_PUBLIC_URL: must be an absolute http(s) URL',
    ]);
  });

  it('says "custom" instead of the preset name when an endpoint is overridden', () => {
    expect(parseConfig({ ...base, MICROSOFT_CLOUD: 'gcc-high' }).cloud).toBe('gcc-high');
    expect(parseConfig({ ...base, MICROSOFT_CLOUD: 'gcc-high', GRAPH_API_URL: 'https://graph.example' }).cloud).toBe(
      'custom',
    );
  });

  it('lets guests in with an app role by default, and refuses all of them when set to none', () => {
    expect(parseConfig(base).guestAccess).toBe('with-app-role');
    expect(parseConfig({ ...base, CANOPY_GUEST_ACCESS: 'none' }).guestAccess).toBe('none');
    expect(problemsOf({ ...base, CANOPY_GUEST_ACCESS: 'all' })[0]).toMatch(/^CANOPY_GUEST_ACCESS:/);
  });

  it('requires an auth secret of at least 32 characters', () => {
    expect(problemsOf({ ...base, CANOPY_AUTH_SECRET: undefined })).toEqual([
      'CANOPY_AUTH_SECRET: required (signs session cookies; at least 32 characters)',
    ]);
    expect(problemsOf({ ...base, CANOPY_AUTH_SECRET: 'short' })[0]).toMatch(/^CANOPY_AUTH_SECRET: must be at least 32/);
  });

  it('accepts a certificate credential from a key file and a SHA-256 thumbprint', () => {
    const thumbprint = 'AB:'.repeat(31) + 'AB';
    const config = parseConfig(
      {
        ...base,
        ENTRA_CLIENT_SECRET: undefined,
        ENTRA_CERTIFICATE_KEY_FILE: '/keys/canopy.pem',
        ENTRA_CERTIFICATE_THUMBPRINT: thumbprint,
      },
      (file) => (file === '/keys/canopy.pem' ? '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' : ''),
    );
    expect(config.app.credential).toMatchObject({
      kind: 'certificate',
      thumbprint: 'ab'.repeat(32),
      thumbprintAlgorithm: 'sha256',
    });
  });

  it('refuses a secret and a certificate together, and a certificate without a thumbprint', () => {
    expect(problemsOf({ ...base, ENTRA_CERTIFICATE_KEY: '-----BEGIN PRIVATE KEY-----' })).toEqual([
      'ENTRA_CLIENT_SECRET and ENTRA_CERTIFICATE_*: configure one credential, not both',
    ]);
    expect(
      problemsOf({ ...base, ENTRA_CLIENT_SECRET: undefined, ENTRA_CERTIFICATE_KEY: '-----BEGIN PRIVATE KEY-----' }),
    ).toEqual(['ENTRA_CERTIFICATE_THUMBPRINT: required with a certificate, 64 hex digits (SHA-256) or 40 (SHA-1)']);
  });

  it('reports an unreadable key file by setting name', () => {
    const problems = problemsOf(
      {
        ...base,
        ENTRA_CLIENT_SECRET: undefined,
        ENTRA_CERTIFICATE_KEY_FILE: '/missing.pem',
        ENTRA_CERTIFICATE_THUMBPRINT: 'a'.repeat(40),
      },
      () => {
        throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      },
    );
    expect(problems).toContain('ENTRA_CERTIFICATE_KEY_FILE: cannot read /missing.pem (ENOENT)');
  });

  describe('production mode', () => {
    it('accepts a complete production configuration', () => {
      expect(parseConfig(production).mode).toBe('production');
    });

    it('is the default when NODE_ENV is production', () => {
      const { CANOPY_ENV: _mode, ...rest } = production;
      expect(parseConfig({ ...rest, NODE_ENV: 'production' }).mode).toBe('production');
    });

    it('refuses the simulator preset', () => {
      expect(problemsOf({ ...production, MICROSOFT_CLOUD: 'simulator' })).toEqual([
        'MICROSOFT_CLOUD: the simulator preset is not allowed in production',
      ]);
    });

    it('refuses a missing credential', () => {
      expect(problemsOf({ ...production, ENTRA_CLIENT_SECRET: undefined })).toEqual([
        'ENTRA_CLIENT_SECRET or ENTRA_CERTIFICATE_*: production needs the app credential',
      ]);
    });

    it('cannot be switched off by CANOPY_ENV in a production build served beyond loopback', () => {
      for (const mode of ['test', 'development']) {
        const problems = problemsOf({
          ...production,
          NODE_ENV: 'production',
          CANOPY_ENV: mode,
          MICROSOFT_CLOUD: 'simulator',
        });
        expect(problems).toEqual([
          `CANOPY_ENV: "${mode}" is refused in a production build unless CANOPY_PUBLIC_URL is on loopback (localhost, 127.0.0.1 or [::1]); remove it to run in production mode`,
          'MICROSOFT_CLOUD: the simulator preset is not allowed in production',
        ]);
      }
    });

    it.each(['http://localhost:3100', 'http://127.0.0.1:3100', 'http://[::1]:3100'])(
      'relaxes in a production build served on loopback (%s), and says so',
      (publicUrl) => {
        const config = parseConfig({
          ...base,
          NODE_ENV: 'production',
          CANOPY_ENV: 'test',
          CANOPY_PUBLIC_URL: publicUrl,
          MICROSOFT_CLOUD: 'simulator',
        });
        expect(config.mode).toBe('test');
        expect(config.startNotice).toBe(
          `Production build in test mode on loopback (${publicUrl}): production checks are relaxed. Never expose this server.`,
        );
      },
    );

    it('has no start notice outside a production build', () => {
      expect(parseConfig({ ...base, CANOPY_ENV: 'test' }).startNotice).toBe(null);
    });

    it('refuses a non-https public URL and a missing database URL', () => {
      expect(problemsOf({ ...production, CANOPY_PUBLIC_URL: 'http://canopy.example.com', DATABASE_URL: '' })).toEqual([
        'CANOPY_PUBLIC_URL: required in production, and must be https://',
        'DATABASE_URL: required in production (the embedded PostgreSQL is for development)',
      ]);
    });
  });

  describe('sync settings', () => {
    it('defaults: every 2 minutes, 30 days of backfill, 32 sync jobs and 32 requests in flight per worker, 20 backfill pages per run', () => {
      expect(parseConfig(base).sync).toEqual({
        schedule: '*/2 * * * *',
        alertBackfillDays: 30,
        concurrency: 32,
        maxInFlight: 32,
        backfillPagesPerRun: 20,
      });
    });

    it('reads each setting and names bad values', () => {
      expect(
        parseConfig({
          ...base,
          CANOPY_SYNC_SCHEDULE: '*/5 * * * *',
          CANOPY_ALERT_BACKFILL_DAYS: '90',
          CANOPY_SYNC_CONCURRENCY: '8',
          CANOPY_SYNC_MAX_IN_FLIGHT: '64',
          CANOPY_SYNC_BACKFILL_PAGES: '5',
        }).sync,
      ).toEqual({
        schedule: '*/5 * * * *',
        alertBackfillDays: 90,
        concurrency: 8,
        maxInFlight: 64,
        backfillPagesPerRun: 5,
      });
      expect(
        problemsOf({
          ...base,
          CANOPY_SYNC_SCHEDULE: '*/2 * * * often',
          CANOPY_ALERT_BACKFILL_DAYS: '365',
          CANOPY_SYNC_CONCURRENCY: '0',
          CANOPY_SYNC_MAX_IN_FLIGHT: '1000',
          CANOPY_SYNC_BACKFILL_PAGES: '0',
        }),
      ).toEqual([
        'CANOPY_SYNC_SCHEDULE: must be a cron expression with five fields, e.g. "*/2 * * * *" (every 2 minutes)',
        'CANOPY_ALERT_BACKFILL_DAYS: at most 180 days',
        'CANOPY_SYNC_CONCURRENCY: at least 1 jobs',
        'CANOPY_SYNC_MAX_IN_FLIGHT: at most 256 requests',
        'CANOPY_SYNC_BACKFILL_PAGES: at least 1 pages',
      ]);
    });
  });

  describe('onboarding settings', () => {
    it('defaults: 14-day invitations, 30-minute consent states, 10 minutes of verification, hourly health checks, outbox', () => {
      const config = parseConfig(base);
      expect(config.onboarding).toEqual({
        partnerName: 'Your security partner',
        invitationLifetimeDays: 14,
        consentStateLifetimeMinutes: 30,
        verificationWindowMinutes: 10,
        healthCheckSchedule: '41 * * * *',
      });
      expect(config.smtp).toBeNull();
    });

    it('reads each setting and names bad values', () => {
      const config = parseConfig({
        ...base,
        CANOPY_PARTNER_NAME: 'Contoso Security Partners',
        CANOPY_INVITATION_DAYS: '30',
        CANOPY_CONSENT_STATE_MINUTES: '15',
        CANOPY_VERIFY_MINUTES: '20',
        CANOPY_HEALTH_CHECK_SCHEDULE: '*/15 * * * *',
      });
      expect(config.onboarding).toMatchObject({
        partnerName: 'Contoso Security Partners',
        invitationLifetimeDays: 30,
        consentStateLifetimeMinutes: 15,
        verificationWindowMinutes: 20,
        healthCheckSchedule: '*/15 * * * *',
      });
      expect(
        problemsOf({
          ...base,
          CANOPY_INVITATION_DAYS: '0',
          CANOPY_CONSENT_STATE_MINUTES: 'soon',
          CANOPY_VERIFY_MINUTES: '2.5',
          CANOPY_HEALTH_CHECK_SCHEDULE: 'hourly',
        }),
      ).toEqual([
        'CANOPY_INVITATION_DAYS: at least 1 days',
        'CANOPY_CONSENT_STATE_MINUTES: must be a number of minutes',
        'CANOPY_VERIFY_MINUTES: must be a whole number of minutes',
        'CANOPY_HEALTH_CHECK_SCHEDULE: must be a cron expression with five fields, e.g. "41 * * * *" (hourly)',
      ]);
    });

    it('production requires the partner name customers see', () => {
      const { CANOPY_PARTNER_NAME: _name, ...rest } = production;
      expect(problemsOf(rest)).toEqual([
        'CANOPY_PARTNER_NAME: required in production (customers see it on invitations and emails)',
      ]);
    });

    it('sends email through SMTP only with a sender address, and shows only the host', () => {
      const smtp = parseConfig({
        ...base,
        SMTP_URL: 'smtp://user:pw@mail.example.com:587',
        SMTP_FROM: 'Contoso <onboarding@contoso.com>',
      }).smtp;
      expect(smtp).toEqual({
        url: 'smtp://user:pw@mail.example.com:587',
        from: 'Contoso <onboarding@contoso.com>',
        host: 'mail.example.com:587',
      });
      expect(problemsOf({ ...base, SMTP_URL: 'smtp://mail.example.com' })).toEqual([
        'SMTP_FROM: required with SMTP_URL, an address such as "Contoso Security <onboarding@contoso.com>"',
      ]);
      expect(problemsOf({ ...base, SMTP_URL: 'https://mail.example.com', SMTP_FROM: 'a@b.co' })).toEqual([
        'SMTP_URL: must be an smtp:// or smtps:// URL',
      ]);
      expect(problemsOf({ ...base, SMTP_FROM: 'a@b.co' })).toEqual([
        'SMTP_FROM: set SMTP_URL too, or remove SMTP_FROM',
      ]);
    });
  });
});
