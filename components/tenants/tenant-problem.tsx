import { LocalTime } from '@/components/ui/local-time';
import type { StoredProblem } from '@/lib/tenants/tenant-health-view';

/** The last problem Canopy met with this tenant, explained, with the next step. */
export function TenantProblem({ problem }: { problem: StoredProblem }) {
  return (
    <section
      aria-label="Last problem"
      className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <h2 className="font-semibold">
        {problem.title}
        {problem.code !== null ? <span className="ml-2 font-mono text-xs">AADSTS{problem.code}</span> : null}
      </h2>
      <p className="mt-1">{problem.explanation}</p>
      {problem.nextStep ? <p className="mt-1">Next: {problem.nextStep}</p> : null}
      {problem.at ? (
        <p className="mt-1 text-xs">
          Seen <LocalTime value={problem.at} />
        </p>
      ) : null}
    </section>
  );
}
