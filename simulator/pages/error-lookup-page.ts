import { html, renderPage } from './html';

/** The error_uri target (`/error?code=NNN`), like login.microsoftonline.com/error. */
export function renderErrorLookupPage(code: string): string {
  return renderPage({
    title: 'Error lookup',
    body: html`
<h1>AADSTS${code}</h1>
<p>This simulator reproduces Microsoft Entra error AADSTS${code}. See the AADSTS error code reference
(reference-error-codes in the Microsoft identity platform documentation) for its meaning.</p>
`,
  });
}
