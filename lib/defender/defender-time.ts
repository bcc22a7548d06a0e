/**
 * Defender's DateTimeOffset values carry up to seven fraction digits (`2020-07-20T10:53:48.7657932Z`,
 * trailing zeros dropped: `…:50.19Z`), more than a JavaScript Date holds. Canopy keeps them as text
 * normalised to UTC with exactly seven digits, so that comparing the text compares the times and a
 * filter built from one matches it exactly (reference §D2, §D3).
 */
const DATE_TIME_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7})|)(Z|[+-]\d{2}:\d{2})$/;

/** The normalised form (`2020-07-20T10:53:50.1900000Z`), or null for anything that is not a DateTimeOffset. */
export function normalizeDefenderTime(value: string): string | null {
  const match = DATE_TIME_OFFSET.exec(value);
  if (!match) return null;
  const [, dateTime, fraction = '', zone] = match;
  // Date.parse rolls impossible dates over (February 30th is March 2nd): read the calendar back.
  if (Number.isNaN(Date.parse(`${dateTime}Z`)) || new Date(`${dateTime}Z`).toISOString().slice(0, 19) !== dateTime)
    return null;
  const ms = Date.parse(`${dateTime}${zone}`);
  // The offset moves whole minutes, so the sub-second digits stay as sent.
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction.padEnd(7, '0')}Z`;
}

/** A Date as a normalised Defender time (for `$filter` literals). */
export function formatDefenderTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}0000Z`;
}

/** A normalised Defender time as a Date (milliseconds: the database keeps no more). */
export function defenderTimeToDate(value: string): Date {
  return new Date(`${value.slice(0, 23)}Z`);
}
