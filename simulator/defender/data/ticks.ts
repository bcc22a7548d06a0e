/**
 * Defender timestamps carry 100-nanosecond precision (`2020-07-20T10:53:48.7657932Z`), more than a
 * JavaScript millisecond. They are kept as "ticks": whole 100 ns units since 2020-01-01T00:00:00Z.
 * That stays an exact integer in a double until 2048, so comparisons in filters are exact and cheap.
 */
export type Ticks = number;

const EPOCH_MS = Date.UTC(2020, 0, 1);
export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60 * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24 * TICKS_PER_HOUR;

export function ticksFromMs(ms: number): Ticks {
  return (ms - EPOCH_MS) * TICKS_PER_MS;
}

export function msFromTicks(ticks: Ticks): number {
  return Math.floor(ticks / TICKS_PER_MS) + EPOCH_MS;
}

/**
 * ISO 8601 UTC with the fraction .NET's OData writer uses: up to seven digits, trailing zeros
 * dropped, no fraction at all on a whole second (`…:50.19Z`, `…:48.7657932Z`, `…:00Z`).
 */
export function formatTicks(ticks: Ticks): string {
  const wholeMs = Math.floor(ticks / TICKS_PER_MS);
  const subMs = ticks - wholeMs * TICKS_PER_MS;
  const base = new Date(wholeMs + EPOCH_MS).toISOString(); // 2020-07-20T10:53:48.765Z
  const fraction = `${base.slice(20, 23)}${String(subMs).padStart(4, '0')}`.replace(/0+$/, '');
  return `${base.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

const DATETIME_LITERAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An OData `Edm.DateTimeOffset` literal (`2019-11-22T00:00:00Z`, `…T00:00:00.1234567+02:00`,
 * seconds optional as OData allows) as ticks; undefined when malformed or out of range.
 */
export function parseDateTimeLiteral(text: string): Ticks | undefined {
  const match = DATETIME_LITERAL.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = match;
  const fields = [Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second)] as const;
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2021-02-30 over to March; a real calendar date survives the round trip.
  if (new Date(ms).getUTCDate() !== d) return undefined;
  let offsetMinutes = 0;
  if (zone!.toUpperCase() !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const [oh, om] = zone!.slice(1).split(':').map(Number) as [number, number];
    if (oh > 14 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const subTicks = Number(fraction.padEnd(7, '0'));
  return ticksFromMs(ms - offsetMinutes * 60_000) + subTicks;
}
