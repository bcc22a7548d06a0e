export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="grid gap-6 md:grid-cols-2">
        <div className="h-40 animate-pulse rounded-lg bg-slate-200" />
        <div className="h-40 animate-pulse rounded-lg bg-slate-200" />
      </div>
    </div>
  );
}
