import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * The seed documents' legacy consent link (reference §A1) as a manual fallback: it gives Canopy
 * no callback, so staff ask the customer for their tenant ID and then verify with "Check now".
 */
export function ManualConsentCard({ legacyUrl }: { legacyUrl: string }) {
  return (
    <Card title="Manual consent (fallback)">
      <p>
        Microsoft&apos;s Defender partner pages give this link. Use it only when the invitation cannot be used: it sends
        nothing back to Canopy (no callback), so Canopy learns about the consent only when you check.
      </p>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        <li>
          Send the link to a Global Administrator of the customer; they sign in and accept for their organisation.
        </li>
        <li>Ask the customer for their tenant ID, and make sure it is the one registered here.</li>
        <li>Then choose Check now at the top of this page.</li>
      </ol>
      <p className="mt-3 rounded bg-slate-100 p-2 font-mono text-xs break-all">{legacyUrl}</p>
      <div className="mt-3">
        <CopyButton text={legacyUrl} label="Copy link" />
      </div>
    </Card>
  );
}
