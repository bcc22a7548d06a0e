import type { ServerResponse } from 'node:http';
import { sendHtml, sendRedirect } from '../http/respond';
import { renderFormPostPage } from '../pages/form-post-page';
import type { PendingAuthorizeRequest } from './state';

export type ResponseTarget = Pick<PendingAuthorizeRequest, 'redirectUri' | 'responseMode' | 'state'>;

/**
 * One query or fragment value encoded the way Entra (.NET `HttpUtility.UrlEncode`) does it: space
 * as `+`, letters, digits and `-_.!*()` as they are, everything else UTF-8 percent-encoded with
 * lower-case hex (`AADSTS65004%3a+User+declined…%0d%0aTrace+ID%3a+…`, §A3).
 */
export function entraUrlEncode(value: string): string {
  // Lone surrogates become U+FFFD first (as a UTF-8 encoder does); encodeURIComponent would throw.
  const wellFormed = value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return encodeURIComponent(wellFormed)
    .replace(/[~']/g, (char) => `%${char.charCodeAt(0).toString(16)}`)
    .replace(/%20/g, '+')
    .replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
}

function entraQuery(fields: [string, string][]): string {
  return fields.map(([name, value]) => `${entraUrlEncode(name)}=${entraUrlEncode(value)}`).join('&');
}

/**
 * Send authorize results back to the app. `state` goes where Entra puts it: after `code` on
 * success (`code, state, session_state`), last on errors (`stateIndex` omitted). The registered
 * redirect URI is kept as it is (its own query included) and the parameters are appended.
 */
export function deliverToClient(
  res: ServerResponse,
  target: ResponseTarget,
  params: [string, string][],
  stateIndex = params.length,
): void {
  const fields: [string, string][] = [...params];
  if (target.state !== undefined) fields.splice(stateIndex, 0, ['state', target.state]);
  if (target.responseMode === 'form_post') {
    sendHtml(res, 200, renderFormPostPage(target.redirectUri, fields));
    return;
  }
  const base = target.redirectUri.split('#')[0]!;
  if (target.responseMode === 'fragment') {
    sendRedirect(res, `${base}#${entraQuery(fields)}`);
    return;
  }
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  sendRedirect(res, `${base}${separator}${entraQuery(fields)}`);
}
