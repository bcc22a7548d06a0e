import type { ServerResponse } from 'node:http';
import { sendHtml, sendRedirect } from '../http/respond';
import { renderFormPostPage } from '../pages/form-post-page';
import type { PendingAuthorizeRequest } from './state';

export type ResponseTarget = Pick<PendingAuthorizeRequest, 'redirectUri' | 'responseMode' | 'state'>;

/**
 * Send authorize results back to the app. `state` goes where Entra puts it: after `code` on
 * success (`code, state, session_state`), last on errors (`stateIndex` omitted).
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
  if (target.responseMode === 'fragment') {
    sendRedirect(res, `${target.redirectUri.split('#')[0]}#${new URLSearchParams(fields).toString()}`);
    return;
  }
  const url = new URL(target.redirectUri);
  for (const [name, value] of fields) url.searchParams.append(name, value);
  sendRedirect(res, url.toString());
}
