import { html, renderPage } from './html';

export function renderSignedOutPage(options: { ignoredRedirect?: string }): string {
  return renderPage({
    title: 'Sign out',
    body: html`
<h1>You signed out of your account</h1>
<p>It's a good idea to close all browser windows.</p>
${
  options.ignoredRedirect
    ? html`<p class="details">The post_logout_redirect_uri ${options.ignoredRedirect} is not registered for the application, so you were not sent back.</p>`
    : ''
}
`,
  });
}
