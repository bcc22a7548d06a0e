import { html, renderPage } from './html';

export type ConsentPermissionGroup = {
  apiName: string;
  roles: { value: string; displayName: string; description: string }[];
};

export type ConsentPageOptions = {
  action: string;
  pendingId: string;
  appName: string;
  publisherDomain: string;
  userPrincipalName: string;
  tenantName: string;
  groups: ConsentPermissionGroup[];
  /** The legacy link with prompt=consent: the admin chooses whether to consent for everyone. */
  askOrgWide: boolean;
};

/**
 * Entra's "Permissions requested" page for application permissions, grouped by API. Accept and
 * Cancel are real submit buttons of one form; the request itself stays on the server.
 */
export function renderConsentPage(options: ConsentPageOptions): string {
  return renderPage({
    title: 'Permissions requested',
    body: html`
<h1>Permissions requested</h1>
<p class="subtitle">${options.userPrincipalName}</p>
<p class="app-name">${options.appName}</p>
<p class="details">unverified · ${options.publisherDomain}</p>
<p>This app would like to (for ${options.tenantName}):</p>
${options.groups.map(
  (group) => html`<section class="api-permissions">
<h2>${group.apiName}</h2>
<ul class="permissions">
${group.roles.map(
  (
    role,
  ) => html`<li><span class="permission-name">${role.displayName}</span> <span class="permission-value">${role.value}</span><span class="permission-description">${role.description}</span></li>
`,
)}</ul>
</section>
`,
)}
<form method="post" action="${options.action}">
<input type="hidden" name="pending" value="${options.pendingId}">
${
  options.askOrgWide
    ? html`<p class="org-consent"><input type="checkbox" id="consent_for_org" name="consent_for_org" value="true"> <label for="consent_for_org" class="inline">Consent on behalf of your organization</label></p>`
    : html`<p class="details">If you accept, this app will get access to the specified resources for all users in your organization. No one else will be prompted to review these permissions.</p>`
}
<p class="details">Accepting these permissions means that you allow this app to use your data as specified in their terms of service and privacy statement.</p>
<div class="buttons">
<button type="submit" class="secondary" name="decision" value="cancel">Cancel</button>
<button type="submit" class="primary" name="decision" value="accept">Accept</button>
</div>
</form>
`,
  });
}
