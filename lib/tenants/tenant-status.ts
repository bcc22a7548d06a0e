import type { DataSource, TenantStatus } from '@/lib/generated/prisma/enums';

/** How each status reads, and what staff should do next. */
export const TENANT_STATUS: Record<TenantStatus, { label: string; nextAction: string; tone: Tone }> = {
  REGISTERED: { label: 'Registered', nextAction: 'Send an admin-consent invitation', tone: 'neutral' },
  INVITED: { label: 'Invited', nextAction: "Waiting for the customer's administrator to consent", tone: 'info' },
  CONSENTED: { label: 'Consented, verifying', nextAction: 'Canopy is verifying the consent', tone: 'info' },
  DECLINED: {
    label: 'Consent declined',
    nextAction: 'Talk to the customer, then send a new invitation',
    tone: 'warning',
  },
  CONNECTED: { label: 'Connected', nextAction: 'None: Canopy reads its Defender data', tone: 'good' },
  MISSING_PERMISSIONS: {
    label: 'Missing permissions',
    nextAction: 'Send a new invitation so the administrator grants the rest',
    tone: 'warning',
  },
  FAILED: { label: 'Failed', nextAction: 'Read the error, then send a new invitation', tone: 'bad' },
  REVOKED: { label: 'Revoked', nextAction: 'Consent was withdrawn: send a new invitation', tone: 'bad' },
};

export type Tone = 'neutral' | 'info' | 'good' | 'warning' | 'bad';

export const DATA_SOURCE_LABELS: Record<DataSource, { label: string; permission: string }> = {
  MDE_ALERTS: { label: 'Defender for Endpoint alerts', permission: 'WindowsDefenderATP Alert.Read.All' },
  XDR_INCIDENTS: { label: 'Defender XDR incidents', permission: 'Microsoft Threat Protection Incident.Read.All' },
  GRAPH_SECURITY: {
    label: 'Microsoft Graph security alerts and incidents',
    permission: 'Microsoft Graph SecurityAlert.Read.All, SecurityIncident.Read.All',
  },
};

/** What a new tenant collects unless staff choose otherwise (the form's boxes start checked; a CSV row without `data`). */
export const DEFAULT_DATA_SOURCES = Object.keys(DATA_SOURCE_LABELS) as DataSource[];
