import { getConfig } from '@/lib/config';
import { startConsent } from '@/lib/consent/start-consent';
import { CUSTOMER_PAGE_HEADERS } from '@/lib/security/customer-page-headers';

/**
 * "Continue to Microsoft" on the invitation page (a form POST, so it works without JavaScript):
 * a new single-use state, then Microsoft's admin-consent page. A link that stopped working goes
 * back to the invitation page, which says why.
 */
export async function POST(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const result = await startConsent(token);
  const location = result.ok ? result.url : `${getConfig().publicUrl}/invite/${encodeURIComponent(token)}`;
  return new Response(null, { status: 303, headers: { Location: location, ...CUSTOMER_PAGE_HEADERS } });
}
