/**
 * Defender's DateTimeOffset values carry up to seven fraction digits (`2020-07-20T10:53:48.7657932Z`,
 * trailing zeros dropped: `…:50.19Z`), more than a JavaScript Date holds. Canopy keeps them as text
 * normalised to UTC with exactly seven digits, so that comparing the text compares the times and a
 * filter built from one matches it exactly (reference §D2, §D3).
 */
const DATE_TIME_OFFSET = /^((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2}))(?:\.(\d{1,7})|)(Z|[+-]\d{2}:\d{2})$/;

/** The normalised form (`2020-07-20T10:53:50.1900000Z`), or null for anything that is not a DateTimeOffset. */
export function normalizeDefenderTime(value: string): string | null {
  const match = DATE_TIME_OFFSET.exec(value);
  if (!match) return null;
  const [, dateTime, year, month, day, hour, minute, second, fraction = '', zone] = match;
  // A calendar check by arithmetic, not Date (which rolls February 30th over to March 2nd): the sync
  // reads several of these per alert, and this runs a million times in a first sync of 1,000 tenants.
  if (!isCalendarTime(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second)))
    return null;
  const digits = fraction.padEnd(7, '0');
  if (zone === 'Z') return `${dateTime}.${digits}Z`;
  const ms = Date.parse(`${dateTime}${zone}`);
  if (Number.isNaN(ms)) return null;
  // The offset moves whole minutes, so the sub-second digits stay as sent.
  return `${new Date(ms).toISOString().slice(0, 19)}.${digits}Z`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarTime(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
}

/** A Date as a normalised Defender time (for `$filter` literals). */
export function formatDefenderTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}0000Z`;
}

/** A normalised Defender time as a Date (milliseconds: the database keeps no more). */
export function defenderTimeToDate(value: string): Date {
  return new Date(`${value.slice(0, 23)}Z`);
}
