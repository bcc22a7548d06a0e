import type { Config } from '@/lib/config';

/**
 * An item in Microsoft's portal: the link Microsoft gave when it is http(s), else the portal's
 * page for it (`{portal}/{kind}/{id}?tid={tenant}`), in the configured cloud's portal.
 */
function defenderPortalUrl(
  config: Config,
  item: { kind: 'alerts' | 'incidents'; upstreamId: string; tenantGuid: string; webUrl: unknown },
): string {
  if (typeof item.webUrl === 'string') {
    try {
      const url = new URL(item.webUrl);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
    } catch {
      // Not a URL: fall back to the portal's own address.
    }
  }
  const base = config.endpoints.defenderPortalUrl.replace(/\/+$/, '');
  return `${base}/${item.kind}/${encodeURIComponent(item.upstreamId)}?tid=${encodeURIComponent(item.tenantGuid)}`;
}

/** The alert in Microsoft's portal: Graph's `alertWebUrl`, else built from configuration. */
export function defenderAlertUrl(
  config: Config,
  alert: { upstreamId: string; tenantGuid: string; alertWebUrl: unknown },
): string {
  return defenderPortalUrl(config, { kind: 'alerts', ...alert, webUrl: alert.alertWebUrl });
}

/** The incident in Microsoft's portal: Graph's `incidentWebUrl`, else built from configuration. */
export function defenderIncidentUrl(
  config: Config,
  incident: { upstreamId: string; tenantGuid: string; webUrl: string | null },
): string {
  return defenderPortalUrl(config, { kind: 'incidents', ...incident });
}
