import { formatExpiry, type InvitationFacts } from '@/lib/invitations/invitation-facts';
import { html, type SafeHtml } from './html';

export type InvitationMessage = { subject: string; text: string; html: string };

/**
 * The invitation email, in the partner's name, as plain text and HTML with the same content: who
 * asks, for which app, which permissions, what they give, who must approve, the link and its
 * expiry, and how to revoke. Tenant and partner names are data, so the HTML escapes them.
 */
export function composeInvitationMessage(input: {
  facts: InvitationFacts;
  url: string;
  expiresAt: Date;
}): InvitationMessage {
  const { facts, url } = input;
  const expiry = formatExpiry(input.expiresAt);
  // A display name may hold anything; a header must stay on one line.
  const subject = `${facts.partnerName}: please approve read-only access to Microsoft Defender for ${facts.tenantName}`
    .replace(/\s+/g, ' ')
    .trim();
  const intro =
    `${facts.partnerName} asks an administrator of ${facts.tenantName} to approve its Microsoft Entra ` +
    `application, so that ${facts.partnerName} can monitor your Microsoft Defender security alerts and incidents.`;
  const what =
    `This is an admin-consent request for ${facts.partnerName}'s Microsoft Entra application (application ID ` +
    `${facts.appId}). You approve it once, on Microsoft's own consent page; no password or secret is shared.`;
  const linkNote =
    `The link works until ${expiry}. It opens a page with these details and a "Continue to Microsoft" button. ` +
    `It replaces any earlier invitation link for ${facts.tenantName}.`;
  const unexpected = `If you did not expect this message, do not open the link: contact ${facts.partnerName} through a channel you already know.`;
  const permissionLine = (p: InvitationFacts['permissions'][number]) =>
    `${p.label}: ${p.api} ${p.roles.join(', ')}. Lets ${facts.partnerName} ${p.inPlainWords}.`;

  const text = [
    'Hello,',
    intro,
    `WHAT THIS IS\n${what}`,
    `PERMISSIONS REQUESTED (read-only application permissions)\n${facts.permissions.map((p) => `- ${permissionLine(p)}`).join('\n')}`,
    `WHAT IT GIVES ${facts.partnerName.toUpperCase()}\n${facts.whatItGives}`,
    `WHO MUST APPROVE\n${facts.whoMustApprove}`,
    `REVIEW AND APPROVE\n${url}\n${linkNote}`,
    `HOW TO REVOKE LATER\n${facts.howToRevoke}`,
    unexpected,
  ].join('\n\n');

  const section = (title: string, body: SafeHtml) =>
    html`<h2 style="font-size:16px;margin:24px 0 8px">${title}</h2>${body}`;
  const body = html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1e293b;max-width:640px">
<p>Hello,</p>
<p>${intro}</p>
${section('What this is', html`<p>${what}</p>`)}
${section(
  'Permissions requested (read-only application permissions)',
  html`<ul>${facts.permissions.map((p) => html`<li><strong>${p.label}</strong>: ${p.api} <code>${p.roles.join(', ')}</code>. Lets ${facts.partnerName} ${p.inPlainWords}.</li>`)}</ul>`,
)}
${section(`What it gives ${facts.partnerName}`, html`<p>${facts.whatItGives}</p>`)}
${section('Who must approve', html`<p>${facts.whoMustApprove}</p>`)}
${section(
  'Review and approve',
  html`<p><a href="${url}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none">Review the request</a></p>
<p style="word-break:break-all">Or copy this link: ${url}</p>
<p>${linkNote}</p>`,
)}
${section('How to revoke later', html`<p>${facts.howToRevoke}</p>`)}
<p style="color:#475569">${unexpected}</p>
</body>
</html>
`;
  return { subject, text, html: body.value };
}
