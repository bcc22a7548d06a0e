import { z } from 'zod';
import { DataSource } from '@/lib/generated/prisma/enums';
import { isGuid } from '@/lib/guid';

/** One DNS label: letters, digits and inner hyphens, at most 63 characters. */
const isDnsLabel = (label: string) => /^[a-z0-9-]{1,63}$/.test(label) && !label.startsWith('-') && !label.endsWith('-');

/** A DNS name such as contoso.com or contoso.onmicrosoft.com (what Entra calls a verified domain). */
function isDomain(value: string): boolean {
  const labels = value.split('.');
  return value.length <= 253 && labels.length >= 2 && labels.every(isDnsLabel) && /^[a-z]{2,63}$/.test(labels.at(-1)!);
}

/** A tenant GUID or a verified domain, normalised to lower case; anything else is refused. */
export const tenantReference = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (value) => isGuid(value) || isDomain(value),
    'Enter a tenant ID (GUID) or a verified domain such as contoso.com',
  );

/** Addresses separated by commas, semicolons, spaces or new lines, as people paste them. */
export const emailList = z
  .string()
  .transform((value) =>
    value
      .split(/[\s,;]+/)
      .map((address) => address.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.email({ error: (issue) => `"${String(issue.input)}" is not an email address` }))
      .max(20, 'At most 20 addresses'),
  )
  .transform((addresses) => [...new Set(addresses)]);

export const DATA_SOURCES = Object.values(DataSource);

/** What staff say about a customer tenant, as it arrives from a form (FormData strings). */
export const tenantDetails = z.object({
  displayName: z.string().trim().max(200, 'At most 200 characters'),
  adminEmails: emailList,
  notes: z.string().trim().max(4000, 'At most 4,000 characters'),
  dataSources: z.array(z.enum(DataSource)).min(1, 'Choose at least one kind of Defender data'),
});

export const registerTenantInput = tenantDetails.extend({ tenant: tenantReference });

export type TenantDetails = z.output<typeof tenantDetails>;
export type RegisterTenantInput = z.output<typeof registerTenantInput>;
