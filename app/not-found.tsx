import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg space-y-4 p-10">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-slate-700">
        There is nothing at this address, or it belongs to something you cannot see.
      </p>
      <Link href="/" className="text-sm text-brand-700 underline">
        Go to the dashboard
      </Link>
    </main>
  );
}
