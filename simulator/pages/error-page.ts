import { entraTimestamp } from '../clock';
import { errorUri, type AadstsError, type ErrorContext } from '../entra/errors';
import { html, renderPage, type SafeHtml } from './html';

/** The end of every AADSTS error page: the message, the ids support asks for, and the error lookup link. */
export function renderErrorDetails(failure: AadstsError, context: ErrorContext): SafeHtml {
  return html`<p class="error" role="alert" id="error-message">AADSTS${failure.code}: ${failure.message}</p>
<dl class="details">
<dt>Request Id</dt><dd>${context.traceId}</dd>
<dt>Correlation Id</dt><dd>${context.correlationId}</dd>
<dt>Timestamp</dt><dd>${entraTimestamp(context.clock())}</dd>
</dl>
<p><a href="${errorUri(context.origin, failure.code)}">More details about this error</a></p>`;
}

/** Entra's "Sorry, but we're having trouble signing you in" page: shown instead of a redirect. */
export function renderErrorPage(failure: AadstsError, context: ErrorContext): string {
  return renderPage({
    title: 'Sign in to your account',
    body: html`
<h1>Sign in</h1>
<p>Sorry, but we're having trouble signing you in.</p>
${renderErrorDetails(failure, context)}
`,
  });
}
