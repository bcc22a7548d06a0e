'use client';

import Link from 'next/link';
import { Button } from '@/components/ui/button';

/** Unexpected failures: say so plainly, offer a retry, and show the digest that matches the server log. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg space-y-4 p-10">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="text-sm text-slate-700">
        Canopy could not show this page. Nothing you entered was lost. Try again; if it keeps happening, give your
        administrator the reference below.
      </p>
      {error.digest ? <p className="font-mono text-xs text-slate-500">Reference: {error.digest}</p> : null}
      <div className="flex gap-3">
        <Button onClick={reset}>Try again</Button>
        <Link href="/" className="rounded-md px-4 py-2 text-sm text-brand-700 underline">
          Go to the home page
        </Link>
      </div>
    </main>
  );
}
