import { html, renderPage } from './html';

export type PickerAccount = { id: string; displayName: string; userPrincipalName: string; roleLabel: string };

export type AccountPickerOptions = {
  tenantId: string;
  tenantName: string;
  appName: string;
  /** Where the forms post; default `/{tenantId}/login` (the staff sign-in). */
  action?: string;
  pendingId: string;
  accounts: PickerAccount[];
  /** Value to keep in the "another account" box (login_hint or what the user typed). */
  login?: string;
  /** Shown above the box, e.g. the AADSTS50034 unknown-user message. */
  error?: { headline: string; detail?: string };
};

/**
 * "Pick an account": one real submit button per user of the tenant plus a "Use another account"
 * form. The authorize request itself stays on the server; the forms only carry its random id.
 */
export function renderAccountPickerPage(options: AccountPickerOptions): string {
  const action = options.action ?? `/${options.tenantId}/login`;
  const errorId = 'login-error';
  return renderPage({
    title: 'Sign in to your account',
    body: html`
<h1>Pick an account</h1>
<p class="subtitle">to continue to ${options.appName} (${options.tenantName})</p>
${
  options.accounts.length > 0
    ? html`<form method="post" action="${action}">
<input type="hidden" name="pending" value="${options.pendingId}">
<ul class="accounts">
${options.accounts.map(
  (account) => html`<li><button type="submit" class="account" name="user" value="${account.id}">
<span class="account-name">${account.displayName}</span>
<span class="account-upn">${account.userPrincipalName}</span>
<span class="account-role">${account.roleLabel}</span>
</button></li>
`,
)}</ul>
</form>`
    : html`<p>No accounts in this directory.</p>`
}
<form method="post" action="${action}">
<input type="hidden" name="pending" value="${options.pendingId}">
<h2 class="subtitle">Use another account</h2>
${
  options.error
    ? html`<div class="error" role="alert" id="${errorId}"><p>${options.error.headline}</p>${options.error.detail ? html`<p class="details">${options.error.detail}</p>` : ''}</div>`
    : ''
}
<label for="login">Email, phone, or Skype</label>
<input type="text" id="login" name="login" autocomplete="username" spellcheck="false" value="${options.login ?? ''}"${options.error ? html` aria-invalid="true" aria-describedby="${errorId}"` : ''}>
<button type="submit" class="primary">Next</button>
</form>
`,
  });
}
