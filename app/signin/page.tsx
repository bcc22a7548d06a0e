import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInButton } from '@/components/auth/sign-in-button';
import { Notice } from '@/components/ui/notice';
import { PROVIDER_ID } from '@/lib/auth/options';
import { safeCallbackUrl } from '@/lib/auth/safe-callback-url';
import { getSession } from '@/lib/auth/session';
import { describeSignInError } from '@/lib/auth/sign-in-errors';
import { getConfig } from '@/lib/config';
import { firstValue } from '@/lib/http/search-params';

export const metadata: Metadata = { title: 'Sign in' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstValue(params.callbackUrl), getConfig().publicUrl);
  if (await getSession()) redirect(callbackUrl);
  const code = firstValue(params.code);
  const notice = describeSignInError(firstValue(params.error), code && /^\d+$/.test(code) ? code : undefined);

  return (
    <main className="flex min-h-screen items-center justify-center p-4 sm:p-6">
      <div className="w-full max-w-sm space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
        <div>
          <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">Canopy</p>
          <h1 className="mt-1 text-xl font-semibold">Sign in to the partner portal</h1>
          <p className="mt-2 text-sm text-slate-600">
            Use your work account in the partner&apos;s Microsoft Entra ID tenant.
          </p>
        </div>
        {notice ? (
          <Notice tone={notice.tone} title={notice.title}>
            {notice.detail}
          </Notice>
        ) : null}
        <SignInButton providerId={PROVIDER_ID} callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
