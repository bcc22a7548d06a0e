'use client';

import { useActionState } from 'react';
import { endSessionAction, type EndSessionResult } from '@/app/(portal)/admin/actions';
import { Button } from '@/components/ui/button';

export function EndSessionButton({ sessionId, who }: { sessionId: string; who: string }) {
  const [result, formAction, pending] = useActionState<EndSessionResult | null, FormData>(endSessionAction, null);
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      {result && !result.ok ? (
        <span role="alert" className="text-xs text-red-800">
          {result.error}
        </span>
      ) : null}
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`End the session of ${who}`}>
        {pending ? 'Ending…' : 'End session'}
      </Button>
    </form>
  );
}
