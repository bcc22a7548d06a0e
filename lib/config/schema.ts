/**
 * Canopy's settings: one zod schema over the environment, validated once at start. It holds the
 * app's secret and key, so it is server-only; scripts run it with Node's `react-server` condition
 * (`tsx --conditions=react-server`), as the worker does. Every setting is documented in the
 * README's configuration table; keep the two in step.
 */
import 'server-only';
import { readFileSync } from 'node:fs';
// CommonJS without named exports Node can see: the default import is its module.exports.
import cronParser from 'cron-parser';
import { z } from 'zod';
import { GUID_PATTERN } from '@/lib/guid';
import {
  CLOUD_INSTANCE_NAMES,
  CLOUD_PRESETS,
  presetEndpoints,
  type CloudPreset,
  type MicrosoftEndpoints,
} from './presets';

export const RUN_MODES = ['development', 'test', 'production'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export type AppCredential =
  | { kind: 'secret'; secret: string }
  | {
      kind: 'certificate';
      privateKeyPem: string;
      /** Hex, no separators. 64 digits = SHA-256 (preferred by Entra), 40 = SHA-1. */
      thumbprint: string;
      thumbprintAlgorithm: 'sha256' | 'sha1';
      /** Optional PEM chain sent as x5c (needed for subject-name/issuer auth). */
      certificateChainPem?: string;
    };

/** Who may sign in besides the partner tenant's own members (Entra B2B guests of that tenant). */
export const GUEST_ACCESS = ['with-app-role', 'none'] as const;
export type GuestAccess = (typeof GUEST_ACCESS)[number];

export type Config = {
  mode: RunMode;
  /**
   * Said once at start when a production build runs with relaxed rules (CANOPY_ENV=test or
   * development on a loopback public URL: the end-to-end stack); null otherwise.
   */
  startNotice: string | null;
  /** True under `next dev`, whose React tooling needs a looser CSP. */
  devServer: boolean;
  publicUrl: string;
  authSecret: string;
  /** Seals the app tokens Canopy's processes share (lib/microsoft/shared-token-store.ts). */
  tokenStoreSecret: string;
  sessionMaxAgeSeconds: number;
  app: { clientId: string; partnerTenantId: string; credential: AppCredential | null };
  /** The preset's name, or `custom` when any endpoint is overridden. */
  cloud: CloudPreset | 'custom';
  endpoints: MicrosoftEndpoints;
  /** Entra's name for the configured cloud (`microsoftonline.com`, `microsoftonline.us`). */
  cloudInstanceName: string;
  guestAccess: GuestAccess;
  onboarding: OnboardingSettings;
  sync: SyncSettings;
  /** Null: invitation emails wait in the in-app outbox. */
  smtp: SmtpSettings | null;
  databaseUrl: string | null;
};

export type OnboardingSettings = {
  /** Shown to customers on invitations, emails and the consent result page. */
  partnerName: string;
  invitationLifetimeDays: number;
  consentStateLifetimeMinutes: number;
  /** How long background verification retries after a consent before marking the tenant Failed. */
  verificationWindowMinutes: number;
  /** Cron expression (UTC) of the periodic health check of connected tenants. */
  healthCheckSchedule: string;
};

export type SyncSettings = {
  /** Cron expression (UTC) of the scheduler that enqueues one sync job per eligible tenant. */
  schedule: string;
  /** How far back a tenant's first alert sync reads. */
  alertBackfillDays: number;
  /** Sync jobs one worker runs at once. */
  concurrency: number;
  /** Upstream (Defender, Graph) requests one worker process has in flight at most. */
  maxInFlight: number;
  /** Pages a backfill run reads before it yields its job slot and continues in a new job. */
  backfillPagesPerRun: number;
};

export type SmtpSettings = {
  /** smtp:// (STARTTLS when offered) or smtps:// (TLS from the start), credentials in the URL. */
  url: string;
  from: string;
  /** The server's host, for display: never the URL, which may hold a password. */
  host: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Canopy cannot start: invalid configuration.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = z.preprocess(empty, z.string().optional());
const guid = (what: string) =>
  z.preprocess(empty, z.string({ error: `required: ${what}` }).regex(GUID_PATTERN, `must be a GUID (${what})`));
const httpsUrl = z.preprocess(
  empty,
  z
    .url({ error: 'must be an absolute URL' })
    .refine((u) => u.startsWith('https://'), 'must be an https:// URL')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
);

/** A whole number setting within bounds, with its default. */
const whole = (unit: string, min: number, max: number, fallback: number) =>
  z.preprocess(
    empty,
    z.coerce
      .number({ error: `must be a number of ${unit}` })
      .int(`must be a whole number of ${unit}`)
      .min(min, `at least ${min} ${unit}`)
      .max(max, `at most ${max} ${unit}`)
      .default(fallback),
  );

/** Whether pg-boss's cron parser (cron-parser) reads `value`; it would refuse the schedule at start. */
function parsesAsCron(value: string): boolean {
  try {
    cronParser.parseExpression(value, { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

/** A five-field cron expression (UTC), with its default. */
const cron = (fallback: string, meaning: string) =>
  z.preprocess(
    empty,
    z
      .string()
      .trim()
      .refine(
        (value) => value.split(/\s+/).length === 5 && parsesAsCron(value),
        `must be a cron expression with five fields, e.g. "${fallback}" (${meaning})`,
      )
      .default(fallback),
  );

const envSchema = z.object({
  CANOPY_ENV: z.preprocess(empty, z.enum(RUN_MODES).optional()),
  NODE_ENV: optional,
  CANOPY_PUBLIC_URL: z.preprocess(
    empty,
    z
      .url({ error: 'must be an absolute http(s) URL' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  ),
  CANOPY_AUTH_SECRET: z.preprocess(
    empty,
    z.string().min(32, 'must be at least 32 characters (generate one with `openssl rand -base64 32`)').optional(),
  ),
  CANOPY_TOKEN_STORE_SECRET: z.preprocess(
    empty,
    z.string().min(32, 'must be at least 32 characters (generate one with `openssl rand -base64 32`)').optional(),
  ),
  CANOPY_SESSION_HOURS: z.preprocess(
    empty,
    z.coerce.number({ error: 'must be a number of hours' }).min(0.25).max(24).default(8),
  ),
  ENTRA_CLIENT_ID: guid("the app registration's Application (client) ID"),
  ENTRA_TENANT_ID: guid("the partner's own Directory (tenant) ID"),
  ENTRA_CLIENT_SECRET: optional,
  ENTRA_CERTIFICATE_KEY: optional,
  ENTRA_CERTIFICATE_KEY_FILE: optional,
  ENTRA_CERTIFICATE_THUMBPRINT: optional,
  ENTRA_CERTIFICATE_CHAIN: optional,
  ENTRA_CERTIFICATE_CHAIN_FILE: optional,
  MICROSOFT_CLOUD: z.preprocess(empty, z.enum(CLOUD_PRESETS).default('commercial')),
  SIMULATOR_URL: httpsUrl,
  MICROSOFT_AUTHORITY_HOST: httpsUrl,
  DEFENDER_ENDPOINT_API_URL: httpsUrl,
  DEFENDER_ENDPOINT_RESOURCE: httpsUrl,
  DEFENDER_XDR_API_URL: httpsUrl,
  DEFENDER_XDR_RESOURCE: httpsUrl,
  GRAPH_API_URL: httpsUrl,
  GRAPH_RESOURCE: httpsUrl,
  DEFENDER_PORTAL_URL: httpsUrl,
  CANOPY_GUEST_ACCESS: z.preprocess(empty, z.enum(GUEST_ACCESS).default('with-app-role')),
  CANOPY_PARTNER_NAME: z.preprocess(empty, z.string().trim().max(100, 'at most 100 characters').optional()),
  CANOPY_INVITATION_DAYS: whole('days', 1, 90, 14),
  CANOPY_CONSENT_STATE_MINUTES: whole('minutes', 5, 120, 30),
  CANOPY_VERIFY_MINUTES: whole('minutes', 1, 120, 10),
  CANOPY_HEALTH_CHECK_SCHEDULE: cron('41 * * * *', 'hourly'),
  CANOPY_SYNC_SCHEDULE: cron('*/2 * * * *', 'every 2 minutes'),
  CANOPY_ALERT_BACKFILL_DAYS: whole('days', 1, 180, 30),
  CANOPY_SYNC_CONCURRENCY: whole('jobs', 1, 64, 32),
  CANOPY_SYNC_MAX_IN_FLIGHT: whole('requests', 1, 256, 32),
  CANOPY_SYNC_BACKFILL_PAGES: whole('pages', 1, 1_000, 20),
  SMTP_URL: z.preprocess(
    empty,
    z
      .url({ error: 'must be an smtp:// or smtps:// URL' })
      .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  SMTP_FROM: z.preprocess(empty, z.string().trim().optional()),
  DATABASE_URL: z.preprocess(
    empty,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL')
      .optional(),
  ),
});

/** After a failed parse the bad settings are dropped, so every setting may be missing. */
type Env = Partial<z.infer<typeof envSchema>>;
type ReadFile = (path: string) => string;

const ENDPOINT_OVERRIDES: Record<keyof MicrosoftEndpoints, keyof Env> = {
  authorityHost: 'MICROSOFT_AUTHORITY_HOST',
  defenderEndpointApiUrl: 'DEFENDER_ENDPOINT_API_URL',
  defenderEndpointResource: 'DEFENDER_ENDPOINT_RESOURCE',
  defenderXdrApiUrl: 'DEFENDER_XDR_API_URL',
  defenderXdrResource: 'DEFENDER_XDR_RESOURCE',
  graphApiUrl: 'GRAPH_API_URL',
  graphResource: 'GRAPH_RESOURCE',
  defenderPortalUrl: 'DEFENDER_PORTAL_URL',
};

function resolveEndpoints(env: Env): { endpoints: MicrosoftEndpoints; overridden: boolean } {
  const preset = env.MICROSOFT_CLOUD ?? 'commercial';
  const endpoints = { ...presetEndpoints(preset, env.SIMULATOR_URL ?? 'https://localhost:8443') };
  let overridden = false;
  for (const [key, setting] of Object.entries(ENDPOINT_OVERRIDES) as [keyof MicrosoftEndpoints, keyof Env][]) {
    const override = env[setting];
    if (typeof override === 'string') {
      endpoints[key] = override;
      overridden = true;
    }
  }
  return { endpoints, overridden };
}

/** Inline value or file path, never both; file contents are read here so a bad path fails at start. */
function inlineOrFile(
  env: Env,
  inline: 'ENTRA_CERTIFICATE_KEY' | 'ENTRA_CERTIFICATE_CHAIN',
  problems: string[],
  readFile: ReadFile,
): string | undefined {
  const fileSetting = `${inline}_FILE` as const;
  const value = env[inline];
  const path = env[fileSetting];
  if (value && path) {
    problems.push(`${inline} and ${fileSetting}: set one, not both`);
    return undefined;
  }
  if (!path) return value;
  try {
    return readFile(path);
  } catch (error) {
    problems.push(`${fileSetting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}

function resolveCredential(env: Env, problems: string[], readFile: ReadFile): AppCredential | null {
  const privateKeyPem = inlineOrFile(env, 'ENTRA_CERTIFICATE_KEY', problems, readFile);
  const wantsCertificate = Boolean(privateKeyPem || env.ENTRA_CERTIFICATE_KEY_FILE || env.ENTRA_CERTIFICATE_THUMBPRINT);
  if (env.ENTRA_CLIENT_SECRET && wantsCertificate) {
    problems.push('ENTRA_CLIENT_SECRET and ENTRA_CERTIFICATE_*: configure one credential, not both');
    return null;
  }
  if (env.ENTRA_CLIENT_SECRET) return { kind: 'secret', secret: env.ENTRA_CLIENT_SECRET };
  if (!wantsCertificate) return null;

  const thumbprint = (env.ENTRA_CERTIFICATE_THUMBPRINT ?? '').replace(/[:\s]/g, '').toLowerCase();
  if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(thumbprint)) {
    problems.push('ENTRA_CERTIFICATE_THUMBPRINT: required with a certificate, 64 hex digits (SHA-256) or 40 (SHA-1)');
  }
  if (!privateKeyPem) {
    if (!env.ENTRA_CERTIFICATE_KEY_FILE)
      problems.push('ENTRA_CERTIFICATE_KEY or ENTRA_CERTIFICATE_KEY_FILE: required with a certificate');
  } else if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(privateKeyPem)) {
    problems.push('ENTRA_CERTIFICATE_KEY: must be a PEM private key (-----BEGIN PRIVATE KEY-----)');
  }
  const certificateChainPem = inlineOrFile(env, 'ENTRA_CERTIFICATE_CHAIN', problems, readFile);
  if (!privateKeyPem) return null;
  return {
    kind: 'certificate',
    privateKeyPem,
    thumbprint,
    thumbprintAlgorithm: thumbprint.length === 64 ? 'sha256' : 'sha1',
    ...(certificateChainPem ? { certificateChainPem } : {}),
  };
}

/** SMTP needs a sender address with the URL; without a URL, invitation emails go to the outbox. */
function resolveSmtp(env: Env, problems: string[]): SmtpSettings | null {
  if (!env.SMTP_URL) {
    const urlRefused = problems.some((problem) => problem.startsWith('SMTP_URL:'));
    if (env.SMTP_FROM && !urlRefused) problems.push('SMTP_FROM: set SMTP_URL too, or remove SMTP_FROM');
    return null;
  }
  const from = env.SMTP_FROM ?? '';
  if (!z.email().safeParse(from.replace(/^.*<(.+)>\s*$/, '$1')).success) {
    problems.push('SMTP_FROM: required with SMTP_URL, an address such as "Contoso Security <onboarding@contoso.com>"');
    return null;
  }
  return { url: env.SMTP_URL, from, host: new URL(env.SMTP_URL).host };
}

/** Rules that only production enforces: a demo may run on http and the simulator, a deployment may not. */
function productionProblems(env: Env, credential: AppCredential | null): string[] {
  const problems: string[] = [];
  if (env.MICROSOFT_CLOUD === 'simulator')
    problems.push('MICROSOFT_CLOUD: the simulator preset is not allowed in production');
  if (!credential) problems.push('ENTRA_CLIENT_SECRET or ENTRA_CERTIFICATE_*: production needs the app credential');
  if (!env.CANOPY_PUBLIC_URL?.startsWith('https://'))
    problems.push('CANOPY_PUBLIC_URL: required in production, and must be https://');
  if (!env.DATABASE_URL)
    problems.push('DATABASE_URL: required in production (the embedded PostgreSQL is for development)');
  if (!env.CANOPY_PARTNER_NAME)
    problems.push('CANOPY_PARTNER_NAME: required in production (customers see it on invitations and emails)');
  return problems;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopbackUrl(url: string | undefined): url is string {
  return url !== undefined && LOOPBACK_HOSTS.has(new URL(url).hostname);
}

/**
 * The run mode. A production build (NODE_ENV=production) is in production mode unless it is
 * served on loopback: there, and only there, CANOPY_ENV=test or development relaxes the rules
 * (the end-to-end stack runs the production build against the simulator). Anywhere else one
 * variable must not be able to switch the production checks off.
 */
function resolveMode(env: Env, problems: string[]): { mode: RunMode; startNotice: string | null } {
  const productionBuild = env.NODE_ENV === 'production';
  const requested = env.CANOPY_ENV ?? (productionBuild ? 'production' : 'development');
  if (!productionBuild || requested === 'production') return { mode: requested, startNotice: null };
  if (!isLoopbackUrl(env.CANOPY_PUBLIC_URL)) {
    problems.push(
      `CANOPY_ENV: "${requested}" is refused in a production build unless CANOPY_PUBLIC_URL is on loopback (localhost, 127.0.0.1 or [::1]); remove it to run in production mode`,
    );
    return { mode: 'production', startNotice: null };
  }
  return {
    mode: requested,
    startNotice: `Production build in ${requested} mode on loopback (${env.CANOPY_PUBLIC_URL}): production checks are relaxed. Never expose this server.`,
  };
}

/** Validate the environment; throws a ConfigError listing every bad setting by name, all at once. */
export function parseConfig(
  rawEnv: Record<string, string | undefined>,
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the path is a setting (ENTRA_CERTIFICATE_*_FILE), never request input
  readFile: ReadFile = (path) => readFileSync(path, 'utf8'),
): Config {
  const problems: string[] = [];
  const env = parseEnv(rawEnv, problems);
  const { mode, startNotice } = resolveMode(env, problems);
  const credential = resolveCredential(env, problems, readFile);
  if (mode === 'production') problems.push(...productionProblems(env, credential));
  if (!env.CANOPY_AUTH_SECRET)
    problems.push('CANOPY_AUTH_SECRET: required (signs session cookies; at least 32 characters)');
  const smtp = resolveSmtp(env, problems);
  const reported = onePerSetting(problems);
  if (reported.length > 0 || !env.CANOPY_AUTH_SECRET || !env.ENTRA_CLIENT_ID || !env.ENTRA_TENANT_ID)
    throw new ConfigError(reported);
  const { endpoints, overridden } = resolveEndpoints(env);
  return {
    mode,
    startNotice,
    devServer: env.NODE_ENV === 'development',
    publicUrl: env.CANOPY_PUBLIC_URL ?? 'http://localhost:3000',
    authSecret: env.CANOPY_AUTH_SECRET,
    tokenStoreSecret: env.CANOPY_TOKEN_STORE_SECRET ?? env.CANOPY_AUTH_SECRET,
    sessionMaxAgeSeconds: Math.round((env.CANOPY_SESSION_HOURS ?? 8) * 3600),
    app: {
      clientId: env.ENTRA_CLIENT_ID.toLowerCase(),
      partnerTenantId: env.ENTRA_TENANT_ID.toLowerCase(),
      credential,
    },
    cloud: overridden ? 'custom' : (env.MICROSOFT_CLOUD ?? 'commercial'),
    endpoints,
    cloudInstanceName: CLOUD_INSTANCE_NAMES[env.MICROSOFT_CLOUD ?? 'commercial'],
    guestAccess: env.CANOPY_GUEST_ACCESS ?? 'with-app-role',
    onboarding: {
      partnerName: env.CANOPY_PARTNER_NAME ?? 'Your security partner',
      invitationLifetimeDays: env.CANOPY_INVITATION_DAYS ?? 14,
      consentStateLifetimeMinutes: env.CANOPY_CONSENT_STATE_MINUTES ?? 30,
      verificationWindowMinutes: env.CANOPY_VERIFY_MINUTES ?? 10,
      healthCheckSchedule: env.CANOPY_HEALTH_CHECK_SCHEDULE ?? '41 * * * *',
    },
    sync: {
      schedule: env.CANOPY_SYNC_SCHEDULE ?? '*/2 * * * *',
      alertBackfillDays: env.CANOPY_ALERT_BACKFILL_DAYS ?? 30,
      concurrency: env.CANOPY_SYNC_CONCURRENCY ?? 32,
      maxInFlight: env.CANOPY_SYNC_MAX_IN_FLIGHT ?? 32,
      backfillPagesPerRun: env.CANOPY_SYNC_BACKFILL_PAGES ?? 20,
    },
    smtp,
    databaseUrl: env.DATABASE_URL ?? null,
  };
}

/**
 * Schema problems, then the settings that did parse. A bad setting is dropped and the rest parsed
 * again, so the credential and production checks still run and one message names everything.
 */
function parseEnv(rawEnv: Record<string, string | undefined>, problems: string[]): Env {
  const parsed = envSchema.safeParse(rawEnv);
  if (parsed.success) return parsed.data;
  problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  const rest = Object.fromEntries(Object.entries(rawEnv).filter(([name]) => !bad.has(name)));
  return envSchema.partial().parse(rest);
}

/** A setting the schema already refused is not reported again by a later check. */
function onePerSetting(problems: string[]): string[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const setting = problem.split(':')[0]!;
    if (seen.has(setting)) return false;
    seen.add(setting);
    return true;
  });
}
