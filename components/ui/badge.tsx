import type { ReactNode } from 'react';
import type { Tone } from '@/lib/tenants/tenant-status';

const TONES: Record<Tone, string> = {
  neutral: 'bg-slate-100 text-slate-800',
  info: 'bg-sky-100 text-sky-900',
  good: 'bg-emerald-100 text-emerald-900',
  warning: 'bg-amber-100 text-amber-900',
  bad: 'bg-red-100 text-red-900',
};

/** A short label in a coloured pill; the words carry the meaning, the colour only repeats it. */
export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${TONES[tone]}`}>
      {children}
    </span>
  );
}
