'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { NEW_ALERTS_LIMIT } from '@/lib/alerts/alert-list-query';

/** Sent by "Sync now" when a run ends, so the banner looks at once instead of at its next poll. */
export const ALERTS_SYNCED_EVENT = 'canopy:alerts-synced';
const POLL_MS = 20_000;

/**
 * "3 new or updated alerts — Show" on the first page of the list: polls how many alerts now sort
 * above the newest one shown (not while the tab is hidden) and reloads the list only when asked,
 * so the rows never move under the reader. Fixed to the bottom of the window for the same reason.
 * The page remounts it (key) with each new `since`, which starts the count again.
 */
export function NewAlertsBanner({ filters, since }: { filters: string; since: string | null }) {
  const router = useRouter();
  const [count, setCount] = useState(0);
  const [showing, startShowing] = useTransition();

  useEffect(() => {
    const params = new URLSearchParams(filters);
    if (since) params.set('since', since);
    const url = `/api/alerts/new-count?${params.toString()}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const check = () => void checkNow();
    const checkNow = async () => {
      clearTimeout(timer);
      // A hidden tab asks nothing; becoming visible asks at once.
      if (document.visibilityState !== 'visible') return;
      try {
        const response = await fetch(url, { cache: 'no-store' });
        if (response.ok && !stopped) setCount(((await response.json()) as { count: number }).count);
      } catch {
        // Offline or the server restarting: the next poll tries again.
      }
      if (!stopped) timer = setTimeout(check, POLL_MS);
    };
    timer = setTimeout(check, POLL_MS);
    document.addEventListener('visibilitychange', check);
    window.addEventListener(ALERTS_SYNCED_EVENT, check);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', check);
      window.removeEventListener(ALERTS_SYNCED_EVENT, check);
    };
  }, [filters, since]);

  const shown = count >= NEW_ALERTS_LIMIT ? `${NEW_ALERTS_LIMIT - 1}+` : String(count);
  return (
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-4 z-10 flex justify-center px-4"
    >
      {count > 0 ? (
        <p
          data-testid="new-alerts"
          className="pointer-events-auto flex items-center gap-3 rounded-full bg-slate-900 px-4 py-2 text-sm text-white shadow-lg"
        >
          <span>
            {shown} new or updated {count === 1 ? 'alert' : 'alerts'}
          </span>
          <button
            type="button"
            disabled={showing}
            onClick={() => {
              window.scrollTo({ top: 0 });
              startShowing(() => router.refresh());
            }}
            className="rounded-full bg-white px-3 py-1 font-semibold text-slate-900 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
          >
            {showing ? 'Loading…' : 'Show'}
          </button>
        </p>
      ) : null}
    </div>
  );
}
