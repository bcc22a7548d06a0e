import type { ReactNode } from 'react';

/** Label and value pairs: side by side, or each label above its value on a phone. */
export function DetailList({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-1 gap-x-4 sm:grid-cols-[auto_minmax(0,1fr)] sm:gap-y-2">{children}</dl>;
}

/** Long values (addresses, GUIDs) wrap rather than widen the page. */
export function Detail({ label, mono = false, children }: { label: string; mono?: boolean; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className={`mb-3 wrap-break-word last:mb-0 sm:mb-0 ${mono ? 'font-mono' : ''}`}>{children}</dd>
    </>
  );
}
