'use client';

import { useSyncExternalStore } from 'react';

const utc = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const subscribe = () => () => undefined;

/** A time in the viewer's own zone, with UTC on hover. The server (no viewer zone) renders UTC. */
export function LocalTime({ value }: { value: Date | string }) {
  const date = new Date(value);
  const text = useSyncExternalStore(
    subscribe,
    () => local.format(date),
    () => `${utc.format(date)} UTC`,
  );
  return (
    <time dateTime={date.toISOString()} title={`${utc.format(date)} UTC`}>
      {text}
    </time>
  );
}
