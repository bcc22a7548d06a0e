import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg space-y-4 p-10">
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="text-sm text-slate-700">Your Canopy role does not allow this. Ask a Canopy admin if you need it.</p>
      <Link href="/" className="text-sm text-brand-700 underline">
        Go to the dashboard
      </Link>
    </main>
  );
}
