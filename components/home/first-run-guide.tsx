import Link from 'next/link';
import { ButtonLink } from '@/components/ui/button';

const STEPS = [
  {
    title: 'Register a customer',
    text: 'Add the customer’s Entra tenant by its tenant ID or a verified domain, or many customers at once from a CSV file.',
  },
  {
    title: 'Invite its administrator',
    text: 'Send the customer’s Global Administrator an admin-consent invitation by email, or copy its link.',
  },
  {
    title: 'The customer consents',
    text: 'They approve Canopy at Microsoft; Canopy checks the consent with fresh tokens and the tenant becomes Connected.',
  },
  {
    title: 'Alerts arrive',
    text: 'Within minutes Canopy copies the tenant’s Defender alerts, and Canopy opens on the Alerts page from then on.',
  },
] as const;

/** A new install (no customer tenant yet): the four steps from nothing to alerts, and the first one to take. */
export function FirstRunGuide({ isAdmin }: { isAdmin: boolean }) {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Welcome to Canopy</h1>
      <section
        aria-labelledby="first-run-heading"
        className="max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
      >
        <h2 id="first-run-heading" className="text-lg font-semibold">
          From a new install to your customers’ alerts
        </h2>
        <p className="text-sm text-slate-700">
          Canopy reads each customer’s Microsoft Defender alerts and incidents with the customer’s permission. No
          customer is registered yet; four steps get the first one’s alerts here:
        </p>
        <ol className="space-y-3">
          {STEPS.map((step, index) => (
            <li key={step.title} className="flex gap-3 text-sm">
              <span
                aria-hidden="true"
                className="flex size-7 shrink-0 items-center justify-center rounded-full bg-brand-50 font-semibold text-brand-900"
              >
                {index + 1}
              </span>
              <div>
                <p className="font-medium text-slate-900">{step.title}</p>
                <p className="text-slate-700">{step.text}</p>
              </div>
            </li>
          ))}
        </ol>
        {isAdmin ? (
          <div className="flex flex-wrap gap-3">
            <ButtonLink href="/tenants/new">Register your first customer</ButtonLink>
            <ButtonLink href="/tenants/import" variant="secondary">
              Import from CSV
            </ButtonLink>
          </div>
        ) : (
          <p className="text-sm text-slate-700">
            Registering customers is for Canopy administrators: ask one to register the first customer. Meanwhile, see{' '}
            <Link href="/account" className="text-brand-700 underline">
              your account
            </Link>
            .
          </p>
        )}
      </section>
    </div>
  );
}
