import { entraTimestamp } from '../clock';
import { errorUri, type AadstsError, type ErrorContext } from '../entra/errors';
import { html, renderPage } from './html';

/** What a user without consent rights sees instead of a redirect (AADSTS90094, §A3). */
export function renderAdminApprovalPage(options: {
  appName: string;
  userPrincipalName: string;
  failure: AadstsError;
  context: ErrorContext;
}): string {
  const { failure, context } = options;
  return renderPage({
    title: 'Need admin approval',
    body: html`
<h1>Need admin approval</h1>
<p class="subtitle">${options.userPrincipalName}</p>
<p>${options.appName} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>
<p class="error" role="alert" id="error-message">AADSTS${failure.code}: ${failure.message}</p>
<dl class="details">
<dt>Request Id</dt><dd>${context.traceId}</dd>
<dt>Correlation Id</dt><dd>${context.correlationId}</dd>
<dt>Timestamp</dt><dd>${entraTimestamp(context.clock())}</dd>
</dl>
<p><a href="${errorUri(context.origin, failure.code)}">More details about this error</a></p>
`,
  });
}
