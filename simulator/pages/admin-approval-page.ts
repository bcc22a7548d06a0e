import type { AadstsError, ErrorContext } from '../entra/errors';
import { renderErrorDetails } from './error-page';
import { html, renderPage } from './html';

/** What a user without consent rights sees instead of a redirect (AADSTS90094, §A3). */
export function renderAdminApprovalPage(options: {
  appName: string;
  userPrincipalName: string;
  failure: AadstsError;
  context: ErrorContext;
}): string {
  return renderPage({
    title: 'Need admin approval',
    body: html`
<h1>Need admin approval</h1>
<p class="subtitle">${options.userPrincipalName}</p>
<p>${options.appName} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>
${renderErrorDetails(options.failure, options.context)}
`,
  });
}
