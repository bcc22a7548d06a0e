'use client';

import { useState } from 'react';
import { Button } from './button';

/** Copies `text` to the clipboard and says whether it worked (the clipboard needs https or localhost). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button variant="secondary" className="px-3 py-1.5" onClick={() => void copy()}>
        {label}
      </Button>
      <span role="status" className="text-xs text-slate-700">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy: select the text and copy it.' : ''}
      </span>
    </span>
  );
}
