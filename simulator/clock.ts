/** Milliseconds since the epoch. Injected so tests can move time (code expiry) without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export function epochSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}

/** Entra's timestamp format in error bodies: `YYYY-MM-DD HH:MM:SSZ` (space, no fraction). */
export function entraTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}
