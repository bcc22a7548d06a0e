/**
 * What the sign-in page says for each way a sign-in can fail. Codes arrive in `?error=`: next-auth
 * sets its own (OAuthCallback, ...) and Canopy sets WrongTenant, GuestWithoutRole, GuestsNotAllowed and EntraError.
 */
export type SignInNotice = { tone: 'error' | 'info'; title: string; detail: string };

const AADSTS = /AADSTS(\d+)/;

export function describeSignInError(error: string | undefined, entraCode?: string): SignInNotice | null {
  switch (error) {
    case undefined:
      return null;
    case 'SignedOut':
      return { tone: 'info', title: 'You are signed out', detail: 'Sign in again to continue.' };
    case 'WrongTenant':
      return {
        tone: 'error',
        title: 'This account is not part of the partner organisation',
        detail:
          "Canopy is for the partner's own staff. You signed in with an account from another directory (for example a customer's). Sign in with your work account in the partner's tenant.",
      };
    case 'GuestWithoutRole':
      return {
        tone: 'error',
        title: 'Guest accounts need a Canopy role',
        detail:
          "You signed in as a guest of the partner's directory. Guests are let in only after a Canopy administrator assigns them the Canopy.Analyst or Canopy.Admin app role.",
      };
    case 'GuestsNotAllowed':
      return {
        tone: 'error',
        title: 'Guest accounts cannot sign in to Canopy',
        detail:
          "This Canopy allows only members of the partner's own directory. Sign in with your work account there, or ask your Canopy administrator.",
      };
    case 'EntraError':
      return {
        tone: 'error',
        title: 'Microsoft Entra ID refused the sign-in',
        detail: `Entra reported ${entraCode ? `error AADSTS${entraCode}` : 'an error'}. Try again; if it persists, give this code to your Canopy administrator.`,
      };
    default:
      return {
        tone: 'error',
        title: 'Sign-in did not complete',
        detail:
          'Try again. If it keeps failing, ask your Canopy administrator to check the app registration and sign-in settings.',
      };
  }
}

/**
 * Entra reports sign-in failures by redirecting to the callback with `error` and an
 * `error_description` carrying an AADSTS code (reference §A3). next-auth would reduce that to a
 * generic "OAuthCallback"; keep the code so the page can say what happened.
 */
export function signInErrorFromCallback(params: URLSearchParams): { error: string; code?: string } | null {
  const error = params.get('error');
  if (!error) return null;
  const code = AADSTS.exec(params.get('error_description') ?? '')?.[1];
  if (code === '50020') return { error: 'WrongTenant' };
  return code ? { error: 'EntraError', code } : { error: 'EntraError' };
}
