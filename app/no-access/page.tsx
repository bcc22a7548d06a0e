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
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-lg space-y-4 rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">You don&apos;t have access to Canopy yet</h1>
        <p className="text-sm text-slate-700">
          You are signed in as <strong>{session.user.name}</strong>
          {session.user.email ? <> ({session.user.email})</> : null}, but your account has no Canopy role.
        </p>
        <div className="text-sm text-slate-700">
          <p>
            Ask an administrator of your organisation&apos;s Microsoft Entra ID to assign you one of these app roles on
            the Canopy enterprise application, then sign in again:
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>
              <code className="font-mono">{APP_ROLE_VALUES.ANALYST}</code>: view tenants, alerts and incidents
            </li>
            <li>
              <code className="font-mono">{APP_ROLE_VALUES.ADMIN}</code>: everything an analyst can, plus register
              tenants and send consent links
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
