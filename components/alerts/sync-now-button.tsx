'use client';

import { useActionState, useEffect, useState } from 'react';
import { syncTenantNowAction, type SyncNowResult } from '@/app/(portal)/alerts/actions';
import { Button } from '@/components/ui/button';
import type { FeedProgress, SyncProgress } from '@/lib/defender/get-sync-progress';
import { ALERTS_SYNCED_EVENT } from './new-alerts-banner';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** How far one feed got: items read (alerts, or incidents and their alerts) and rows stored. */
function describeFeed(feed: FeedProgress): string {
  const counts = `${feed.itemsRead.toLocaleString('en')} ${feed.itemsRead === 1 ? 'item' : 'items'} read, ${feed.stored.toLocaleString('en')} stored`;
  switch (feed.state) {
    case 'reading':
      return `${feed.label}: ${counts} so far.`;
    case 'continues':
      return `${feed.label}: ${counts} so far; its first sync goes on in its next part.`;
    case 'finished':
      return `${feed.label}: done, ${counts}.`;
    case 'failed':
      return `${feed.label}: failed, ${counts}.`;
  }
}

/**
 * The phase, announced (polite) when it changes; and the running detail, shown but not announced
 * every second: since when, and each feed's part so far.
 */
function describe(progress: SyncProgress): {
  phase: string;
  detail: string | null;
  feeds?: { key: string; line: string }[];
} {
  switch (progress.phase) {
    case 'queued':
      return { phase: 'Queued: waiting for the background worker.', detail: null };
    case 'running':
      return {
        phase: 'Running.',
        detail: `Started ${progress.runningForSeconds} s ago.`,
        feeds: progress.feeds.map((feed) => ({ key: feed.feed, line: describeFeed(feed) })),
      };
    case 'done': {
      const changed =
        progress.changed === 0
          ? 'no new or changed alerts'
          : plural(progress.changed, 'new or changed alert', 'new or changed alerts');
      return progress.complete
        ? { phase: `Done: ${changed}.`, detail: null }
        : { phase: `Stopped early: ${changed} so far; the next run continues.`, detail: null };
    }
    case 'failed':
      return {
        phase: `Failed: ${progress.title}.`,
        detail: [progress.explanation, progress.nextStep].filter(Boolean).join(' '),
      };
    case 'skipped':
      return { phase: 'Not synced.', detail: progress.reason };
  }
}

const FINAL: ReadonlySet<SyncProgress['phase']> = new Set(['done', 'failed', 'skipped']);

/**
 * "Sync now" for one tenant and its progress: the action queues the tenant's sync job, then this
 * polls the job's status until it ends (faster at first, slower while it waits), and tells the
 * new-alerts banner to look.
 */
export function SyncNowButton({ tenantId, tenantName }: { tenantId: string; tenantName: string }) {
  const [result, formAction, pending] = useActionState<SyncNowResult | null, FormData>(syncTenantNowAction, null);
  const jobId = result?.ok ? result.jobId : null;
  const [polled, setPolled] = useState<{ jobId: string; progress: SyncProgress } | null>(null);

  useEffect(() => {
    if (!jobId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let polls = 0;
    const poll = async () => {
      try {
        const response = await fetch(`/api/tenants/${tenantId}/sync?job=${jobId}`, { cache: 'no-store' });
        if (stopped) return;
        if (response.ok) {
          const progress = (await response.json()) as SyncProgress;
          if (stopped) return;
          setPolled({ jobId, progress });
          if (FINAL.has(progress.phase)) {
            window.dispatchEvent(new Event(ALERTS_SYNCED_EVENT));
            return;
          }
        }
      } catch {
        // A dropped request: the next poll tries again.
      }
      if (!stopped) timer = setTimeout(() => void poll(), Math.min(5_000, 1_000 + 250 * polls++));
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, tenantId]);

  const progress = jobId ? (polled?.jobId === jobId ? polled.progress : { phase: 'queued' as const }) : null;
  const text = progress ? describe(progress) : null;
  const error = result && !result.ok ? result.error : null;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <form action={formAction}>
        <input type="hidden" name="tenantId" value={tenantId} />
        <Button
          type="submit"
          variant="secondary"
          disabled={pending}
          aria-label={`Sync now: ${tenantName}`}
          className="px-3 py-1"
        >
          {pending ? 'Requesting…' : 'Sync now'}
        </Button>
      </form>
      <p role="status" aria-live="polite" data-testid="sync-progress" className="text-slate-700">
        {error ? <span className="text-red-800">{error}</span> : text?.phase}
      </p>
      {text?.detail ? <p className="text-slate-700">{text.detail}</p> : null}
      {text?.feeds?.length ? (
        <ul aria-label="Progress by feed" className="w-full text-slate-700">
          {text.feeds.map(({ key, line }) => (
            <li key={key}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
