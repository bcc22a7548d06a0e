import Link from 'next/link';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { ROLE_LABELS, type StaffRole } from '@/lib/auth/roles';

const NAV = [{ href: '/', label: 'Dashboard' }] as const;

export function AppHeader({ userName, role }: { userName: string; role: StaffRole }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-6 py-3">
        <div className="flex items-center gap-8">
          <Link href="/" className="text-lg font-semibold text-brand-700">
            Canopy
          </Link>
          <nav aria-label="Main">
            <ul className="flex gap-4 text-sm">
              {NAV.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="text-slate-700 hover:text-slate-950">
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <div className="flex items-center gap-3 text-sm">
          <span data-testid="current-user" className="font-medium">
            {userName}
          </span>
          <span
            data-testid="current-role"
            className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-900"
          >
            {ROLE_LABELS[role]}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
