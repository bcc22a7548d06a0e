import { createHash } from 'node:crypto';
import { z } from 'zod';
import { describeCertificate } from '../crypto/app-certificates';
import { GUID_PATTERN } from '../ids';
import { findResourceApiByAppId, parseGrantedRoleKey } from './resources';

const guid = z
  .string()
  .regex(GUID_PATTERN, 'must be a GUID such as 00000000-0000-0000-0000-000000000000')
  .transform((value) => value.toLowerCase());

const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a DNS domain name')
  .transform((value) => value.toLowerCase());

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

const userPrincipalName = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+$/, 'must look like name@domain')
  .transform((value) => value.toLowerCase());

/**
 * Directory (Entra) role names the simulator knows, mapped to their role template ids (the `wids`
 * claim). Consent rules in a later part depend on these, so a typo must fail at load.
 */
export const DIRECTORY_ROLE_TEMPLATE_IDS = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'Privileged Role Administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'Application Administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'Cloud Application Administrator': '158c047a-c907-4556-b7ef-446551a6b5f7',
  'Security Administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'Security Operator': '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
  'Security Reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
} as const;

const directoryRole = z.enum(Object.keys(DIRECTORY_ROLE_TEMPLATE_IDS) as [keyof typeof DIRECTORY_ROLE_TEMPLATE_IDS]);

const userSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  userPrincipalName,
  mail: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address')
    .optional(),
  directoryRoles: z.array(directoryRole).default([]),
  /** App role values (e.g. "Canopy.Admin") of the partner application assigned to this user. */
  appRoleAssignments: z.array(z.string().min(1)).default([]),
  /**
   * Set for a B2B guest: an account of another directory invited into this tenant. Its UPN here is
   * Entra's `<home name with @ as _>#EXT#@<this tenant's domain>`; its tokens carry
   * `idp` = `https://sts.windows.net/{homeTenantId}/`. The home directory need not be in the world.
   */
  guest: z
    .strictObject({
      homeTenantId: guid,
      /** The name the guest signs in with at home: their `preferred_username`. */
      homeUserPrincipalName: userPrincipalName,
    })
    .optional(),
});

/** Which Microsoft security products the tenant has (their APIs' service principals exist). */
const productsSchema = z.strictObject({
  defenderForEndpoint: z.boolean().default(true),
  defenderXdr: z.boolean().default(true),
});

/**
 * The partner application's service principal ("enterprise app") in this tenant: created by admin
 * consent, deleted by the customer. `grantedAppRoles` are `"<API display name>/<role>"`.
 */
const servicePrincipalSchema = z.strictObject({
  objectId: guid,
  grantedAppRoles: z.array(z.string()).default([]),
  createdAt: isoDateTime,
});

/** Hints for the Defender data generator; identity ignores them. */
const defenderHintsSchema = z.strictObject({
  alertCount: z.number().int().min(0).max(100_000).optional(),
  seed: z.string().min(1).optional(),
});

export const tenantSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  verifiedDomains: z.array(domainName).min(1, 'needs at least one verified domain'),
  products: productsSchema.default({ defenderForEndpoint: true, defenderXdr: true }),
  /** Omitted: the home tenant gets one (Entra creates it with the registration), others none. */
  servicePrincipal: servicePrincipalSchema.nullable().optional(),
  defender: defenderHintsSchema.optional(),
  users: z.array(userSchema).default([]),
});

const clientSecretSchema = z
  .strictObject({
    id: guid,
    displayName: z.string().min(1),
    /** Plain value: fine for the documented dev secret of a simulated world. */
    value: z.string().min(1).optional(),
    /** Or `sha256:<hex>` of the value, for worlds that should not hold the secret itself. */
    hash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/i, 'must be sha256:<64 hex digits>')
      .optional(),
    expiresAt: isoDateTime,
  })
  .refine((secret) => (secret.value === undefined) !== (secret.hash === undefined), {
    message: 'needs exactly one of value or hash',
  });

/** An uploaded certificate credential (public part only); thumbprints are derived from it. */
const certificateSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  pem: z.string().refine((pem) => describeCertificate(pem)?.publicKey.asymmetricKeyType === 'rsa', {
    message: 'must be one PEM X.509 certificate with an RSA key',
  }),
  expiresAt: isoDateTime,
});

/** One API of the app's "API permissions" (application permissions only). */
const requiredResourceAccessSchema = z.strictObject({
  resource: z.string().min(1),
  resourceAppId: guid,
  displayName: z.string().min(1),
  appRoles: z.array(z.string().min(1)).min(1, 'needs at least one app role'),
});

const appRoleSchema = z.strictObject({
  id: guid,
  value: z.string().regex(/^[^\s]+$/, 'must not contain spaces'),
  displayName: z.string().min(1),
  description: z.string().optional(),
});

const redirectUri = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' });

const applicationSchema = z.strictObject({
  clientId: guid,
  displayName: z.string().min(1),
  homeTenantId: guid,
  clientSecrets: z.array(clientSecretSchema).default([]),
  certificates: z.array(certificateSchema).default([]),
  redirectUris: z.array(redirectUri).default([]),
  appRoles: z.array(appRoleSchema).default([]),
  requiredResourceAccess: z.array(requiredResourceAccessSchema).default([]),
});

export const worldSchema = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().optional(),
    tenants: z.array(tenantSchema).min(1),
    application: applicationSchema,
  })
  .superRefine((world, ctx) => {
    const tenantIds = new Set<string>();
    const domains = new Set<string>();
    const userIds = new Set<string>();
    const upns = new Set<string>();
    const roleValues = new Set(world.application.appRoles.map((role) => role.value));

    world.tenants.forEach((tenant, t) => {
      if (tenantIds.has(tenant.id))
        ctx.addIssue({ code: 'custom', path: ['tenants', t, 'id'], message: 'duplicate tenant id' });
      tenantIds.add(tenant.id);
      tenant.verifiedDomains.forEach((domain, d) => {
        if (domains.has(domain))
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', t, 'verifiedDomains', d],
            message: `domain ${domain} is already verified by another tenant`,
          });
        domains.add(domain);
      });
      tenant.users.forEach((user, u) => {
        const at = ['tenants', t, 'users', u];
        if (userIds.has(user.id))
          ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: 'duplicate user object id' });
        userIds.add(user.id);
        if (upns.has(user.userPrincipalName))
          ctx.addIssue({ code: 'custom', path: [...at, 'userPrincipalName'], message: 'duplicate userPrincipalName' });
        upns.add(user.userPrincipalName);
        const suffix = user.userPrincipalName.split('@')[1] ?? '';
        if (!tenant.verifiedDomains.includes(suffix)) {
          ctx.addIssue({
            code: 'custom',
            path: [...at, 'userPrincipalName'],
            message: `domain ${suffix} is not a verified domain of tenant ${tenant.displayName}`,
          });
        }
        checkGuest(tenant.id, user, at, ctx);
        user.appRoleAssignments.forEach((value, r) => {
          if (!roleValues.has(value)) {
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'appRoleAssignments', r],
              message: `"${value}" is not an app role of the application (known: ${[...roleValues].join(', ') || 'none'})`,
            });
          }
        });
      });
    });

    if (!tenantIds.has(world.application.homeTenantId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['application', 'homeTenantId'],
        message: 'is not the id of a tenant in this world',
      });
    }
    const roleSeen = new Set<string>();
    world.application.appRoles.forEach((role, r) => {
      if (roleSeen.has(role.value))
        ctx.addIssue({
          code: 'custom',
          path: ['application', 'appRoles', r, 'value'],
          message: 'duplicate app role value',
        });
      roleSeen.add(role.value);
    });
    checkCredentials(world.application, ctx);
    checkRequiredResourceAccess(world.application.requiredResourceAccess, ctx);
    world.tenants.forEach((tenant, t) => {
      tenant.servicePrincipal?.grantedAppRoles.forEach((key, r) => {
        if (!parseGrantedRoleKey(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', t, 'servicePrincipal', 'grantedAppRoles', r],
            message: `"${key}" is not "<API>/<app role>" of a known API (e.g. "WindowsDefenderATP/Alert.Read.All", "Microsoft Threat Protection/Incident.Read.All", "Microsoft Graph/SecurityAlert.Read.All")`,
          });
        }
      });
    });
  })
  .transform((world) => ({
    ...world,
    tenants: world.tenants.map((tenant) => ({
      ...tenant,
      servicePrincipal:
        tenant.servicePrincipal !== undefined
          ? tenant.servicePrincipal
          : defaultServicePrincipal(tenant.id, world.application),
    })),
  }));

type Issues = z.core.$RefinementCtx;
type ApplicationInput = z.output<typeof applicationSchema>;
type UserInput = z.output<typeof userSchema>;

function checkGuest(tenantId: string, user: UserInput, at: (string | number)[], ctx: Issues): void {
  const guest = user.guest;
  if (!guest) return;
  if (guest.homeTenantId === tenantId)
    ctx.addIssue({ code: 'custom', path: [...at, 'guest', 'homeTenantId'], message: "is this tenant's own id" });
  // UPNs are stored lower-case, so Entra's #EXT# marker reads #ext# here.
  const prefix = guest.homeUserPrincipalName.replace('@', '_');
  if (!user.userPrincipalName.startsWith(`${prefix}#ext#@`))
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'userPrincipalName'],
      message: `a guest's UPN is <home name with @ as _>#EXT#@<verified domain>, here ${prefix}#EXT#@…`,
    });
}

function checkCredentials(application: ApplicationInput, ctx: Issues): void {
  const ids = new Set<string>();
  const credentials = [
    ...application.clientSecrets.map((secret, i) => ({
      id: secret.id,
      path: ['application', 'clientSecrets', i, 'id'],
    })),
    ...application.certificates.map((certificate, i) => ({
      id: certificate.id,
      path: ['application', 'certificates', i, 'id'],
    })),
  ];
  for (const credential of credentials) {
    if (ids.has(credential.id))
      ctx.addIssue({ code: 'custom', path: credential.path, message: 'duplicate credential id' });
    ids.add(credential.id);
  }
}

function checkRequiredResourceAccess(entries: ApplicationInput['requiredResourceAccess'], ctx: Issues): void {
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const at = ['application', 'requiredResourceAccess', i];
    const api = findResourceApiByAppId(entry.resourceAppId);
    if (!api) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'resourceAppId'],
        message: 'is not an API the simulator knows (WindowsDefenderATP, Microsoft Threat Protection, Microsoft Graph)',
      });
      return;
    }
    if (seen.has(api.appId)) ctx.addIssue({ code: 'custom', path: [...at, 'resourceAppId'], message: 'duplicate API' });
    seen.add(api.appId);
    if (entry.displayName !== api.displayName)
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'displayName'],
        message: `must be "${api.displayName}" for ${api.appId}`,
      });
    if (!api.identifierUris.includes(entry.resource)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'resource'],
        message: `must be one of ${api.identifierUris.join(', ')}`,
      });
    }
    entry.appRoles.forEach((role, r) => {
      if (!api.appRoles.some((known) => known.value === role)) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'appRoles', r],
          message: `"${role}" is not an app role of ${api.displayName} (known: ${api.appRoles.map((known) => known.value).join(', ')})`,
        });
      }
    });
  });
}

/**
 * Entra creates the app's service principal in its home tenant along with the registration. A
 * world that leaves it out gets one with a stable id derived from tenant and client ids.
 */
function defaultServicePrincipal(tenantId: string, application: ApplicationInput) {
  if (tenantId !== application.homeTenantId) return null;
  const hex = createHash('sha256').update(`service-principal\n${tenantId}\n${application.clientId}`).digest('hex');
  const objectId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { objectId, grantedAppRoles: [] as string[], createdAt: '2024-01-01T00:00:00Z' };
}

export type World = z.output<typeof worldSchema>;
export type Tenant = World['tenants'][number];
export type User = Tenant['users'][number];
export type Application = World['application'];
export type ClientSecret = Application['clientSecrets'][number];
export type CertificateCredential = Application['certificates'][number];
export type RequiredResourceAccess = Application['requiredResourceAccess'][number];
export type ServicePrincipal = NonNullable<Tenant['servicePrincipal']>;
export type TenantProducts = Tenant['products'];
export type DirectoryRole = keyof typeof DIRECTORY_ROLE_TEMPLATE_IDS;
