import { z } from "zod";
import { GUID_PATTERN } from "../ids";

const guid = z
  .string()
  .regex(GUID_PATTERN, "must be a GUID such as 00000000-0000-0000-0000-000000000000")
  .transform((value) => value.toLowerCase());

const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, "must be a DNS domain name")
  .transform((value) => value.toLowerCase());

const userPrincipalName = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+$/, "must look like name@domain")
  .transform((value) => value.toLowerCase());

/**
 * Directory (Entra) role names the simulator knows, mapped to their role template ids (the `wids`
 * claim). Consent rules in a later part depend on these, so a typo must fail at load.
 */
export const DIRECTORY_ROLE_TEMPLATE_IDS = {
  "Global Administrator": "62e90394-69f5-4237-9190-012177145e10",
  "Privileged Role Administrator": "e8611ab8-c189-46e8-94e1-60213ab1f814",
  "Application Administrator": "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  "Cloud Application Administrator": "158c047a-c907-4556-b7ef-446551a6b5f7",
  "Security Administrator": "194ae4cb-b126-40b2-bd5b-6091b380977d",
  "Security Operator": "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f",
  "Security Reader": "5d6b6bb7-de71-4623-b4af-96380a352509",
} as const;

const directoryRole = z.enum(
  Object.keys(DIRECTORY_ROLE_TEMPLATE_IDS) as [keyof typeof DIRECTORY_ROLE_TEMPLATE_IDS],
);

const userSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  userPrincipalName,
  mail: z.string().regex(/^[^\s@]+@[^\s@]+$/, "must be an email address").optional(),
  directoryRoles: z.array(directoryRole).default([]),
  /** App role values (e.g. "Canopy.Admin") of the partner application assigned to this user. */
  appRoleAssignments: z.array(z.string().min(1)).default([]),
});

const tenantSchema = z.strictObject({
  id: guid,
  displayName: z.string().min(1),
  verifiedDomains: z.array(domainName).min(1, "needs at least one verified domain"),
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
      .regex(/^sha256:[0-9a-f]{64}$/i, "must be sha256:<64 hex digits>")
      .optional(),
    expiresAt: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }),
  })
  .refine((secret) => (secret.value === undefined) !== (secret.hash === undefined), {
    message: "needs exactly one of value or hash",
  });

const appRoleSchema = z.strictObject({
  id: guid,
  value: z.string().regex(/^[^\s]+$/, "must not contain spaces"),
  displayName: z.string().min(1),
  description: z.string().optional(),
});

const redirectUri = z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" });

const applicationSchema = z.strictObject({
  clientId: guid,
  displayName: z.string().min(1),
  homeTenantId: guid,
  clientSecrets: z.array(clientSecretSchema).default([]),
  redirectUris: z.array(redirectUri).default([]),
  appRoles: z.array(appRoleSchema).default([]),
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
      if (tenantIds.has(tenant.id)) ctx.addIssue({ code: "custom", path: ["tenants", t, "id"], message: "duplicate tenant id" });
      tenantIds.add(tenant.id);
      tenant.verifiedDomains.forEach((domain, d) => {
        if (domains.has(domain)) ctx.addIssue({ code: "custom", path: ["tenants", t, "verifiedDomains", d], message: `domain ${domain} is already verified by another tenant` });
        domains.add(domain);
      });
      tenant.users.forEach((user, u) => {
        const at = ["tenants", t, "users", u];
        if (userIds.has(user.id)) ctx.addIssue({ code: "custom", path: [...at, "id"], message: "duplicate user object id" });
        userIds.add(user.id);
        if (upns.has(user.userPrincipalName)) ctx.addIssue({ code: "custom", path: [...at, "userPrincipalName"], message: "duplicate userPrincipalName" });
        upns.add(user.userPrincipalName);
        const suffix = user.userPrincipalName.split("@")[1] ?? "";
        if (!tenant.verifiedDomains.includes(suffix)) {
          ctx.addIssue({ code: "custom", path: [...at, "userPrincipalName"], message: `domain ${suffix} is not a verified domain of tenant ${tenant.displayName}` });
        }
        user.appRoleAssignments.forEach((value, r) => {
          if (!roleValues.has(value)) {
            ctx.addIssue({ code: "custom", path: [...at, "appRoleAssignments", r], message: `"${value}" is not an app role of the application (known: ${[...roleValues].join(", ") || "none"})` });
          }
        });
      });
    });

    if (!tenantIds.has(world.application.homeTenantId)) {
      ctx.addIssue({ code: "custom", path: ["application", "homeTenantId"], message: "is not the id of a tenant in this world" });
    }
    const roleSeen = new Set<string>();
    world.application.appRoles.forEach((role, r) => {
      if (roleSeen.has(role.value)) ctx.addIssue({ code: "custom", path: ["application", "appRoles", r, "value"], message: "duplicate app role value" });
      roleSeen.add(role.value);
    });
  });

export type World = z.output<typeof worldSchema>;
export type Tenant = World["tenants"][number];
export type User = Tenant["users"][number];
export type Application = World["application"];
export type ClientSecret = Application["clientSecrets"][number];
export type DirectoryRole = keyof typeof DIRECTORY_ROLE_TEMPLATE_IDS;
