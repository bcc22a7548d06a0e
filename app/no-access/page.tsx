import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInButton } from '@/components/auth/sign-in-button';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { PROVIDER_ID } from '@/lib/auth/options';
import { APP_ROLE_VALUES } from '@/lib/auth/roles';
import { requireSession } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'No access' };

export default async function NoAccessPage() {
  const session = await requireSession();
  if (session.role) redirect('/');

  return (
    <main className="flex min-h-screen items-center justify-center p-4 sm:p-6">
      <div className="w-full max-w-lg space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold">You don&apos;t have access to Canopy yet</h1>
        <p className="text-sm text-slate-700">
          You are signed in as <strong>{session.user.name}</strong>
          {session.user.email ? <span className="wrap-break-word"> ({session.user.email})</span> : null}, but your
          account has no Canopy role.
        </p>
        <div className="text-sm text-slate-700">
          <p>
            Ask an administrator of your organisation&apos;s Microsoft Entra ID to assign you one of these app roles on
            the Canopy enterprise application, then sign in again:
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              <code className="font-mono">{APP_ROLE_VALUES.ANALYST}</code>: view the portal
            </li>
            <li>
              <code className="font-mono">{APP_ROLE_VALUES.ADMIN}</code>: view the portal, and manage Canopy&apos;s
              settings and staff sessions
            </li>
          </ul>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          {/* Roles are read at sign-in: once one is assigned, a new sign-in replaces this session. */}
          <SignInButton providerId={PROVIDER_ID} callbackUrl="/" label="Sign in again" />
          <SignOutButton />
        </div>
      </div>
    </main>
  );
}
