/**
 * AADSTS codes Canopy meets around consent and app-only tokens (reference §A4, §B4), explained
 * for people: what happened and what to do next. Microsoft says never to branch on the
 * description text, so everything keys on the number.
 */
export type Explanation = { title: string; explanation: string; nextStep: string };

const EXPLANATIONS: Record<number, Explanation> = {
  65004: {
    title: 'Consent declined',
    explanation: 'The administrator chose Cancel on the Microsoft permissions page.',
    nextStep: 'Ask the customer whether they have questions, then send a new invitation.',
  },
  50020: {
    title: 'Account from another organisation',
    explanation: "The person signed in with an account that does not belong to the customer's directory.",
    nextStep:
      'Ask them to open the invitation again and sign in with an administrator account of their own organisation.',
  },
  90094: {
    title: 'An administrator must consent',
    explanation: 'The account that signed in may not grant these permissions for the organisation.',
    nextStep: 'Send the invitation to a Global Administrator (or Privileged Role Administrator) of the customer.',
  },
  90095: {
    title: 'An administrator must consent',
    explanation: "The account that signed in asked for admin approval through the customer's approval workflow.",
    nextStep: 'A Global Administrator of the customer must approve the request, or open the invitation themselves.',
  },
  650052: {
    title: 'A Microsoft service is not enabled in that tenant',
    explanation:
      'The app asks for access to a service the customer has not subscribed to or enabled (usually Defender for Endpoint).',
    nextStep: 'Check which Defender products the customer has, and collect only those.',
  },
  650056: {
    title: 'The app registration is misconfigured',
    explanation: "The app asks for a permission that is not in its registration's required permissions.",
    nextStep: "Check the app's API permissions in the partner's Entra admin centre.",
  },
  650057: {
    title: 'The app registration is misconfigured',
    explanation: 'The consent asked for an API the app registration does not list.',
    nextStep: "Add the Defender APIs to the app's API permissions in the partner's Entra admin centre.",
  },
  65005: {
    title: 'The app registration is misconfigured',
    explanation: 'Microsoft refused the permissions the app asks for.',
    nextStep: "Check the app's API permissions in the partner's Entra admin centre.",
  },
  50011: {
    title: 'Redirect URI not registered',
    explanation: "Canopy's consent callback URL is not a redirect URI of the app registration.",
    nextStep: 'Add <public URL>/consent/callback to the app registration (Authentication, Web).',
  },
  70011: {
    title: 'Invalid scope',
    explanation: 'Microsoft refused the requested scope.',
    nextStep: "Check the app's API permissions and Canopy's Microsoft endpoint settings.",
  },
  700016: {
    title: 'The app is not consented in that tenant',
    explanation:
      "Microsoft does not find Canopy's app in the customer's directory: consent was never given, is still replicating, or the enterprise app was deleted.",
    nextStep: 'Wait a few minutes after a consent; otherwise send a new invitation.',
  },
  7000229: {
    title: 'The app is not consented in that tenant',
    explanation: "The customer's directory has no enterprise app (service principal) for Canopy.",
    nextStep: 'Send a new invitation so an administrator consents.',
  },
  65001: {
    title: 'Consent not found yet',
    explanation: 'Microsoft has no consent for the app in that tenant yet; right after a consent this is usual.',
    nextStep: 'Wait a few minutes; otherwise send a new invitation.',
  },
  500011: {
    title: 'Defender service not provisioned',
    explanation:
      'The Defender API is not provisioned in that tenant (for example, the customer has no Defender for Endpoint).',
    nextStep: 'Collect only the Defender data the customer has: edit the tenant, then check again.',
  },
  90002: {
    title: 'Tenant not found',
    explanation: 'Microsoft does not know this tenant in the configured cloud (deleted, mistyped, or another cloud).',
    nextStep: 'Check the tenant ID with the customer.',
  },
  53003: {
    title: 'Blocked by Conditional Access',
    explanation: "The customer's Conditional Access policies block Canopy's app.",
    nextStep: 'Ask the customer to exclude the app from the policy for workload identities.',
  },
  90099: {
    title: 'Partner relationship not authorised',
    explanation: 'The app is not authorised in that tenant for partner delegated administration.',
    nextStep: 'Ask the customer to consent through the invitation with their own administrator.',
  },
  7000215: {
    title: "The partner app's client secret is wrong",
    explanation:
      'Microsoft refused the client secret Canopy sends (often the secret ID was copied instead of its value).',
    nextStep: "Put the secret's value in ENTRA_CLIENT_SECRET and restart Canopy.",
  },
  7000222: {
    title: "The partner app's client secret has expired",
    explanation: 'The client secret Canopy uses has expired, so no customer tenant can be read.',
    nextStep: 'Create a new secret in the app registration, set ENTRA_CLIENT_SECRET and restart Canopy.',
  },
  700027: {
    title: "The partner app's certificate was refused",
    explanation:
      'Microsoft could not validate the certificate Canopy signs with (not uploaded, expired or another key).',
    nextStep: 'Upload the certificate to the app registration, or fix ENTRA_CERTIFICATE_* and restart Canopy.',
  },
  7000218: {
    title: 'The partner app has no credential',
    explanation: 'Canopy sent no client secret or certificate.',
    nextStep: 'Configure ENTRA_CLIENT_SECRET or ENTRA_CERTIFICATE_* and restart Canopy.',
  },
  50194: {
    title: 'The app is not multi-tenant',
    explanation: "Canopy's app registration accepts accounts of the partner's directory only.",
    nextStep: "Set the app registration's supported account types to any organizational directory.",
  },
  700022: {
    title: 'Invalid scope',
    explanation: 'A token request named more than one resource.',
    nextStep: "Check Canopy's Microsoft endpoint settings (one resource per token).",
  },
  90055: {
    title: 'Microsoft is throttling requests',
    explanation: 'Too many token requests for this tenant in a short time.',
    nextStep: 'Canopy tries again later; nothing to do.',
  },
  70001: {
    title: 'The app is disabled',
    explanation: "Canopy's app is disabled in that tenant.",
    nextStep: 'Ask the customer to enable the enterprise app.',
  },
};

/** Failures of the partner's own credential: one banner, not a failure of each tenant (§B4). */
export const PARTNER_CREDENTIAL_CODES: ReadonlySet<number> = new Set([7000215, 7000222, 700027, 7000218]);

/** The AADSTS number in a description or error URI, as Microsoft writes it (`AADSTS65004:`). */
export function parseAadstsCode(...texts: (string | null | undefined)[]): number | null {
  for (const text of texts) {
    const match = text?.match(/AADSTS(\d{4,8})/) ?? text?.match(/[?&]code=(\d{4,8})\b/);
    if (match) return Number(match[1]);
  }
  return null;
}

export function isExplained(code: number): boolean {
  return code in EXPLANATIONS;
}

export function explainAadsts(code: number | null, oauthError?: string | null): Explanation {
  const known = code === null ? undefined : EXPLANATIONS[code];
  if (known) return known;
  return {
    title: code === null ? 'Microsoft reported an error' : `Microsoft reported AADSTS${code}`,
    explanation: oauthError
      ? `Microsoft answered "${oauthError}"${code === null ? '' : ` with code AADSTS${code}`}.`
      : 'Microsoft did not say why.',
    nextStep:
      code === null
        ? 'Try again; if it repeats, send a new invitation.'
        : `Look the code up at Microsoft (error lookup for ${code}), then send a new invitation.`,
  };
}
