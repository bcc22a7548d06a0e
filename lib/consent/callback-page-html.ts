import type { CallbackPage } from './handle-callback';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const INVALID_REASONS: Record<Extract<CallbackPage, { kind: 'invalid' }>['reason'], string> = {
  expired: 'The consent session expired before Microsoft sent you back.',
  spent: 'This consent response was already used.',
  superseded: 'A newer consent was started from the same invitation; this one no longer counts.',
  unknown: 'This consent response does not belong to any invitation.',
  missing: 'This page was opened without a consent response.',
  duplicate: 'This consent response is malformed.',
};

/**
 * The page the customer's administrator lands on after Microsoft, in the partner's name. It
 * shows the outcome and the next step, and nothing internal: no ids, no raw Microsoft text
 * beyond the AADSTS code and its explanation.
 */
export function renderCallbackPage(page: CallbackPage, partnerName: string): string {
  const partner = escape(partnerName);
  const { title, body } = content(page, partner);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escape(title)} · ${partner}</title>
<link rel="stylesheet" href="/customer-page.css">
</head>
<body>
<main>
<p class="eyebrow">${partner}</p>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function content(page: CallbackPage, partner: string): { title: string; body: string } {
  switch (page.kind) {
    case 'accepted':
      return {
        title: 'Thank you: consent received',
        body: `<p class="good">Microsoft confirmed that you approved access for ${partner} to ${escape(page.tenantName)}.</p>
<p>${partner} now checks the permissions with Microsoft. It can take a few minutes for them to apply; nothing else is needed from you.</p>
<p class="muted">You can close this page. To withdraw access later, delete the app under Enterprise applications in the Microsoft Entra admin center.</p>`,
      };
    case 'declined':
    case 'failed':
      return {
        title: page.kind === 'declined' ? 'Consent was declined' : 'Consent did not complete',
        body: `<p class="bad">${escape(page.explanation.title)}${page.code === null ? '' : ` (<code>AADSTS${page.code}</code>)`}: ${escape(page.explanation.explanation)}</p>
<p>No access was granted to ${partner}. If this was not intended, open the invitation link from ${partner} again, or contact them.</p>`,
      };
    case 'rejected':
      return {
        title: 'This consent response was not accepted',
        body: `<p class="bad">The response from Microsoft does not match the organisation this invitation was for. Nothing was changed.</p>
<p>Open the invitation again and sign in with an administrator of the invited organisation, or contact ${partner}.</p>`,
      };
    case 'invalid':
      return {
        title: 'This link is no longer valid',
        body: `<p class="bad">${escape(INVALID_REASONS[page.reason])} Nothing was changed.</p>
<p>Open the invitation link from ${partner} again to start over.</p>`,
      };
  }
}
