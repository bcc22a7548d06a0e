import Link from 'next/link';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { ROLE_LABELS, roleSatisfies, type StaffRole } from '@/lib/auth/roles';

/** Links shown to the roles that can use them; every page checks the role again itself. */
const NAV: { href: string; label: string; role: StaffRole }[] = [
  { href: '/alerts', label: 'Alerts', role: 'ANALYST' },
  { href: '/incidents', label: 'Incidents', role: 'ANALYST' },
  { href: '/tenants', label: 'Tenants', role: 'ANALYST' },
  { href: '/outbox', label: 'Outbox', role: 'ADMIN' },
  { href: '/audit', label: 'Audit log', role: 'ADMIN' },
  { href: '/admin', label: 'Administration', role: 'ADMIN' },
];

/**
 * One row on wide screens (brand, navigation, account). On a phone the brand and the account
 * share the first row, a long name truncated, and the navigation gets a row of its own.
 */
export function AppHeader({ userName, role }: { userName: string; role: StaffRole }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto grid max-w-6xl grid-cols-[auto_minmax(0,1fr)] items-center gap-x-8 gap-y-2 px-4 py-3 sm:grid-cols-[auto_auto_minmax(0,1fr)] sm:px-6">
        <Link href="/" className="text-lg font-semibold text-brand-700">
          Canopy
        </Link>
        <nav aria-label="Main" className="col-span-2 row-start-2 sm:col-span-1 sm:col-start-2 sm:row-start-1">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {NAV.filter((item) => roleSatisfies(role, item.role)).map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="text-slate-700 hover:text-slate-950">
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="flex min-w-0 items-center justify-end gap-3 text-sm">
          <Link
            href="/account"
            data-testid="current-user"
            className="truncate font-medium hover:underline"
            title={`${userName}: your account`}
          >
            {userName}
          </Link>
          <span
            data-testid="current-role"
            className="shrink-0 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-900"
          >
            {ROLE_LABELS[role]}
          </span>
          <div className="shrink-0">
            <SignOutButton />
          </div>
        </div>
      </div>
    </header>
  );
}
