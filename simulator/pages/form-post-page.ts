import { html, renderPage } from './html';

/**
 * response_mode=form_post: a form that posts the response to the redirect URI. An external script
 * submits it; without JavaScript the user presses Continue.
 */
export function renderFormPostPage(action: string, fields: [string, string][]): string {
  return renderPage({
    title: 'Working...',
    script: 'form-post.js',
    body: html`
<h1>Signing you in</h1>
<form method="post" action="${action}" id="response-form">
${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}
<p>Continue to the application.</p>
<button type="submit" class="primary">Continue</button>
</form>
`,
  });
}
