import { LocalTime } from '@/components/ui/local-time';
import { Notice } from '@/components/ui/notice';
import { explainAadsts } from '@/lib/consent/aadsts';
import { getPartnerCredentialProblem } from '@/lib/consent/partner-credential-health';

/**
 * One banner for a problem of the partner's own app credential (wrong or expired secret, refused
 * certificate): every tenant is unreadable then, and none of them is at fault.
 */
export async function PartnerCredentialBanner() {
  const problem = await getPartnerCredentialProblem();
  if (!problem) return null;
  const explanation = explainAadsts(problem.code);
  return (
    <Notice tone="error" title={`${explanation.title} (AADSTS${problem.code})`}>
      <p>
        {explanation.explanation} Since <LocalTime value={problem.since} />, Canopy cannot read any customer tenant.
      </p>
      <p className="mt-1">Fix: {explanation.nextStep}</p>
    </Notice>
  );
}
