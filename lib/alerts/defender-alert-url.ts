import type { Config } from '@/lib/config';

/**
 * The alert in Microsoft's portal: the link Microsoft gave (`alertWebUrl`) when it is http(s),
 * else the portal's alert page for this tenant.
 */
export function defenderAlertUrl(
  config: Config,
  alert: { upstreamId: string; tenantGuid: string; alertWebUrl: unknown },
): string {
  if (typeof alert.alertWebUrl === 'string') {
    try {
      const url = new URL(alert.alertWebUrl);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
    } catch {
      // Not a URL: fall back to the portal's own address.
    }
  }
  const base = config.endpoints.defenderPortalUrl.replace(/\/+$/, '');
  return `${base}/alerts/${encodeURIComponent(alert.upstreamId)}?tid=${encodeURIComponent(alert.tenantGuid)}`;
}
