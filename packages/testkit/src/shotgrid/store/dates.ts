// Date and date_time handling. Values are stored in canonical text form — `YYYY-MM-DD` and
// `YYYY-MM-DDTHH:MM:SSZ` (UTC, no sub-seconds) — whose lexicographic order is chronological, so filters and
// sorts compare strings without parsing.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A "T" separator is required: "2026-03-04 05:06:07" is a 400 on a real site.
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export function canonicalDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export function canonicalDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD`, a real calendar day; otherwise null. */
export function parseDate(text: string): string | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return canonicalDate(d) === text ? text : null;
}

/** ISO 8601 with `T`; offsets normalised to UTC, a zoneless value taken as UTC, sub-seconds dropped. A bare
 *  date means midnight UTC (how the server reads a date-only filter value). Anything else is null. */
export function parseDateTime(text: string): string | null {
  const dateOnly = parseDate(text);
  if (dateOnly) return `${dateOnly}T00:00:00Z`;
  const m = DATE_TIME_RE.exec(text);
  if (!m) return null;
  const zone = m[8] ?? "Z";
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return canonicalDateTime(new Date(ms));
}

/** The create-response spelling of a timestamp: `2026-09-04 03:51:48 UTC`. */
export function createResponseTimestamp(canonical: string): string {
  return `${canonical.slice(0, 10)} ${canonical.slice(11, 19)} UTC`;
}

export type RelativeUnit = "HOUR" | "DAY" | "WEEK" | "MONTH" | "YEAR";
export const RELATIVE_UNITS: readonly RelativeUnit[] = ["HOUR", "DAY", "WEEK", "MONTH", "YEAR"];

/** `now` moved by `n` units (negative = past). Months and years follow the calendar. */
export function shiftDate(now: Date, n: number, unit: RelativeUnit): Date {
  const d = new Date(now.getTime());
  switch (unit) {
    case "HOUR":
      d.setUTCHours(d.getUTCHours() + n);
      break;
    case "DAY":
      d.setUTCDate(d.getUTCDate() + n);
      break;
    case "WEEK":
      d.setUTCDate(d.getUTCDate() + 7 * n);
      break;
    case "MONTH":
      d.setUTCMonth(d.getUTCMonth() + n);
      break;
    case "YEAR":
      d.setUTCFullYear(d.getUTCFullYear() + n);
      break;
  }
  return d;
}

export type CalendarUnit = "day" | "week" | "month" | "year";

/** [start, end) of the calendar day/week/month/year `offset` units away from `now`, in UTC
 *  (`in_calendar_*` take a signed offset, `0` = current). Weeks start on Monday — which day a real site uses was
 *  not measured. */
export function calendarRange(now: Date, unit: CalendarUnit, offset: number): [Date, Date] {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const day = now.getUTCDate();
  switch (unit) {
    case "day":
      return [new Date(Date.UTC(y, m, day + offset)), new Date(Date.UTC(y, m, day + offset + 1))];
    case "week": {
      const monday = day - ((now.getUTCDay() + 6) % 7) + 7 * offset;
      return [new Date(Date.UTC(y, m, monday)), new Date(Date.UTC(y, m, monday + 7))];
    }
    case "month":
      return [new Date(Date.UTC(y, m + offset, 1)), new Date(Date.UTC(y, m + offset + 1, 1))];
    case "year":
      return [new Date(Date.UTC(y + offset, 0, 1)), new Date(Date.UTC(y + offset + 1, 0, 1))];
  }
}
