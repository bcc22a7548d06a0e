/**
 * Canopy's settings: one zod schema over the environment, validated once at start. Pure (no
 * `server-only`) so launch scripts and tests can run the same validation as the app.
 * Every setting is documented in the README's configuration table; keep the two in step.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GUID_PATTERN } from '@/lib/guid';
import { CLOUD_PRESETS, presetEndpoints, type MicrosoftEndpoints } from './presets';

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

export type Config = {
  mode: RunMode;
  /** True under `next dev`, whose React tooling needs a looser CSP. */
  devServer: boolean;
  publicUrl: string;
  authSecret: string;
  sessionMaxAgeSeconds: number;
  app: { clientId: string; partnerTenantId: string; credential: AppCredential | null };
  cloud: (typeof CLOUD_PRESETS)[number];
  endpoints: MicrosoftEndpoints;
  databaseUrl: string | null;
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
  DATABASE_URL: z.preprocess(
    empty,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL')
      .optional(),
  ),
});

type Env = z.infer<typeof envSchema>;
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

function resolveEndpoints(env: Env): MicrosoftEndpoints {
  const endpoints = { ...presetEndpoints(env.MICROSOFT_CLOUD, env.SIMULATOR_URL ?? 'https://localhost:8443') };
  for (const [key, setting] of Object.entries(ENDPOINT_OVERRIDES) as [keyof MicrosoftEndpoints, keyof Env][]) {
    const override = env[setting];
    if (typeof override === 'string') endpoints[key] = override;
  }
  return endpoints;
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
  return problems;
}

/** Validate the environment; throws a ConfigError listing every bad setting by name. */
export function parseConfig(
  rawEnv: Record<string, string | undefined>,
  readFile: ReadFile = (path) => readFileSync(path, 'utf8'),
): Config {
  const parsed = envSchema.safeParse(rawEnv);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const mode: RunMode = env.CANOPY_ENV ?? (env.NODE_ENV === 'production' ? 'production' : 'development');
  const problems: string[] = [];
  const credential = resolveCredential(env, problems, readFile);
  if (mode === 'production') problems.push(...productionProblems(env, credential));
  if (!env.CANOPY_AUTH_SECRET)
    problems.push('CANOPY_AUTH_SECRET: required (signs session cookies; at least 32 characters)');
  if (problems.length > 0 || !env.CANOPY_AUTH_SECRET) throw new ConfigError(problems);
  return {
    mode,
    devServer: env.NODE_ENV === 'development',
    publicUrl: env.CANOPY_PUBLIC_URL ?? 'http://localhost:3000',
    authSecret: env.CANOPY_AUTH_SECRET,
    sessionMaxAgeSeconds: Math.round(env.CANOPY_SESSION_HOURS * 3600),
    app: {
      clientId: env.ENTRA_CLIENT_ID.toLowerCase(),
      partnerTenantId: env.ENTRA_TENANT_ID.toLowerCase(),
      credential,
    },
    cloud: env.MICROSOFT_CLOUD,
    endpoints: resolveEndpoints(env),
    databaseUrl: env.DATABASE_URL ?? null,
  };
}
