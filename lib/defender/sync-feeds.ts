import type { MicrosoftEndpoints } from '@/lib/config/presets';
import type { DataSource, SyncFeed } from '@/lib/generated/prisma/enums';
import {
  GRAPH_ALERTS_CALL_LIMITS,
  GRAPH_INCIDENTS_CALL_LIMITS,
  MDE_CALL_LIMITS,
  XDR_CALL_LIMITS,
  type CallLimit,
} from './call-budget';

/** One list Canopy reads from each tenant: where, with which token and role, how fast. */
export type FeedDefinition = {
  feed: SyncFeed;
  /** The tenant's chosen data this feed belongs to (its consent and stored permissions). */
  dataSource: DataSource;
  /** The API in people's words ("Defender XDR"), for errors. */
  api: string;
  /** What it reads, in people's words ("Defender XDR incidents"). */
  label: string;
  /** The API as Microsoft's permission picker names it, and the roles this feed needs there. */
  permissionApi: string;
  roles: string[];
  limits: readonly CallLimit[];
  /** The API base and token resource, from configuration. */
  endpoint(endpoints: MicrosoftEndpoints): { apiUrl: string; resource: string };
};

/**
 * Best source first, the order of a tenant's first sync (syncTenantFeeds): an alert's primary row
 * is Defender for Endpoint's, then Graph's, then the one inside an XDR incident (upsert-alerts);
 * an incident's is XDR's, then Graph's (upsert-incidents).
 */
export const FEEDS: readonly FeedDefinition[] = [
  {
    feed: 'MDE_ALERTS',
    dataSource: 'MDE_ALERTS',
    api: 'Defender for Endpoint',
    label: 'Defender for Endpoint alerts',
    permissionApi: 'WindowsDefenderATP',
    roles: ['Alert.Read.All'],
    limits: MDE_CALL_LIMITS,
    endpoint: (e) => ({ apiUrl: e.defenderEndpointApiUrl, resource: e.defenderEndpointResource }),
  },
  {
    feed: 'GRAPH_ALERTS',
    dataSource: 'GRAPH_SECURITY',
    api: 'Microsoft Graph',
    label: 'Microsoft Graph security alerts',
    permissionApi: 'Microsoft Graph',
    roles: ['SecurityAlert.Read.All'],
    limits: GRAPH_ALERTS_CALL_LIMITS,
    endpoint: (e) => ({ apiUrl: e.graphApiUrl, resource: e.graphResource }),
  },
  {
    feed: 'XDR_INCIDENTS',
    dataSource: 'XDR_INCIDENTS',
    api: 'Defender XDR',
    label: 'Defender XDR incidents',
    permissionApi: 'Microsoft Threat Protection',
    roles: ['Incident.Read.All'],
    limits: XDR_CALL_LIMITS,
    endpoint: (e) => ({ apiUrl: e.defenderXdrApiUrl, resource: e.defenderXdrResource }),
  },
  {
    feed: 'GRAPH_INCIDENTS',
    dataSource: 'GRAPH_SECURITY',
    api: 'Microsoft Graph',
    label: 'Microsoft Graph security incidents',
    permissionApi: 'Microsoft Graph',
    roles: ['SecurityIncident.Read.All'],
    limits: GRAPH_INCIDENTS_CALL_LIMITS,
    endpoint: (e) => ({ apiUrl: e.graphApiUrl, resource: e.graphResource }),
  },
];

export function feedDefinition(feed: SyncFeed): FeedDefinition {
  return FEEDS.find((definition) => definition.feed === feed)!;
}
