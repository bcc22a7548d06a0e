import { getConfig } from '@/lib/config';
import { renderCallbackPage } from '@/lib/consent/callback-page-html';
import { handleConsentCallback } from '@/lib/consent/handle-callback';
import { CUSTOMER_PAGE_HEADERS } from '@/lib/security/customer-page-headers';

/**
 * Where Microsoft sends the customer's administrator after admin consent. Public: the one-time
 * `state` is its guard (lib/consent/handle-callback.ts). Answers an HTML page, 400 when refused.
 */
export async function GET(request: Request): Promise<Response> {
  const result = await handleConsentCallback(new URL(request.url).searchParams);
  return new Response(renderCallbackPage(result.page, getConfig().onboarding.partnerName), {
    status: result.status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...CUSTOMER_PAGE_HEADERS },
  });
}
