'use client';

import { useSyncExternalStore } from 'react';

const FIELDS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};
const inUtc = new Intl.DateTimeFormat('en-GB', { ...FIELDS, timeZone: 'UTC' });
// No timeZone: the runtime's own, which in the browser is the viewer's.
const inViewerZone = new Intl.DateTimeFormat('en-GB', FIELDS);

const subscribeToNothing = () => () => undefined;

/**
 * A moment in the viewer's time zone, with UTC on hover; both name their zone. The server cannot
 * know the viewer's zone, so it renders UTC and the browser switches to local time right after
 * hydration (no hydration mismatch; same format, so the text keeps its width).
 */
export function LocalTime({ value }: { value: Date | string }) {
  const date = new Date(value);
  const inBrowser = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  const utc = inUtc.format(date);
  return (
    <time dateTime={date.toISOString()} title={utc}>
      {inBrowser ? inViewerZone.format(date) : utc}
    </time>
  );
}
