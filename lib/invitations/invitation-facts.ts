import { needsPrivilegedAdmin, requiredPermissions } from '@/lib/consent/required-permissions';
import type { Config } from '@/lib/config/schema';
import type { DataSource } from '@/lib/generated/prisma/enums';
import { DATA_SOURCE_LABELS } from '@/lib/tenants/tenant-status';

/**
 * What a customer's administrator is told before consenting, in one place: the invitation email
 * and the public invitation page say the same thing in the same words. Plain strings, so each
 * renders them its own way (text, HTML, React).
 */
export type InvitationFacts = {
  partnerName: string;
  tenantName: string;
  /** The partner's Entra app: the admin finds it by this ID on Microsoft's consent page and later. */
  appId: string;
  /** One entry per kind of Defender data the partner collects. */
  permissions: { label: string; api: string; roles: string[]; inPlainWords: string }[];
  whatItGives: string;
  whoMustApprove: string;
  howToRevoke: string;
};

/** What each data source's application permissions let the partner do. */
const IN_PLAIN_WORDS: Record<DataSource, string> = {
  MDE_ALERTS: 'read the alerts Microsoft Defender for Endpoint raises about your devices',
  XDR_INCIDENTS: 'read the incidents of Microsoft Defender XDR and the alerts grouped in them',
  GRAPH_SECURITY: 'read the security alerts and incidents of your Microsoft security products through Microsoft Graph',
};

export function invitationFacts(
  config: Pick<Config, 'onboarding' | 'app' | 'endpoints'>,
  tenant: { displayName: string; dataSources: readonly DataSource[] },
): InvitationFacts {
  const partnerName = config.onboarding.partnerName;
  const appId = config.app.clientId;
  return {
    partnerName,
    tenantName: tenant.displayName,
    appId,
    permissions: requiredPermissions(tenant.dataSources, config.endpoints).map((required) => ({
      label: DATA_SOURCE_LABELS[required.dataSource].label,
      api: required.api,
      roles: required.roles,
      inPlainWords: IN_PLAIN_WORDS[required.dataSource],
    })),
    whatItGives:
      `Read-only access to these alerts and incidents of ${tenant.displayName}, so that ${partnerName} can watch ` +
      `over them for you. ${partnerName} cannot change anything in your tenant with it, and it gives no access to ` +
      'mailboxes, files or settings. Alerts and incidents include what Defender records with them, such as the ' +
      'names of the devices, user accounts and files involved.',
    // Reference §A2: Application and Cloud Application Administrators can grant any app role but Microsoft Graph's.
    whoMustApprove: needsPrivilegedAdmin(tenant.dataSources)
      ? `A Global Administrator or a Privileged Role Administrator of ${tenant.displayName}: Microsoft Graph ` +
        'application permissions are requested, which Application Administrators and Cloud Application ' +
        'Administrators cannot grant.'
      : `A Global Administrator of ${tenant.displayName}. A Privileged Role Administrator, Cloud Application ` +
        'Administrator or Application Administrator can approve too.',
    howToRevoke:
      'At any time, in the Microsoft Entra admin center: Enterprise applications, find the application by its ID ' +
      `${appId}, then Properties → Delete removes it with all its access, or Permissions shows what was granted ` +
      'and lets you revoke it.',
  };
}

/** An expiry as a customer reads it, whatever their time zone: "Monday 14 December 2026, 17:30 UTC". */
export function formatExpiry(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')} UTC`;
}
