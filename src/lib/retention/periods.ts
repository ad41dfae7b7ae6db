/**
 * Calendar periods of an instant as seen in an IANA time zone: the buckets of GFS retention.
 * Pure: Intl only, no clock. Keys sort chronologically as plain strings (4-digit years).
 *
 *   day   "2026-11-20"   the local calendar date
 *   week  "2026-W47"     the ISO 8601 week (Monday–Sunday) of that local date, with its ISO week-year,
 *                        so 2027-01-02 (a Saturday) is in "2026-W53"
 *   month "2026-11"
 *   year  "2026"         the calendar year (not the ISO week-year)
 */

export type PeriodKeys = { day: string; week: string; month: string; year: string };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone; a clear error for a zone Intl does not know. */
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone, calendar: "gregory", numberingSystem: "latn", year: "numeric", month: "numeric", day: "numeric" });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}"`);
    }
    formatters.set(timeZone, f);
  }
  return f;
};

/** Throws a RangeError when `timeZone` is not an IANA zone Intl knows. */
export const assertTimeZone = (timeZone: string): void => {
  formatterFor(timeZone);
};

/** The local calendar date of `at` in `timeZone`: month 1–12. */
export const localDate = (at: Date, timeZone: string): { year: number; month: number; day: number } => {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("invalid date");
  let year = Number.NaN;
  let month = Number.NaN;
  let day = Number.NaN;
  for (const p of formatterFor(timeZone).formatToParts(at)) {
    if (p.type === "year") year = Number(p.value);
    else if (p.type === "month") month = Number(p.value);
    else if (p.type === "day") day = Number(p.value);
  }
  // en-US writes years before 1 CE with an era ("1 BC"): such dates are not backups.
  if (!(year >= 1 && year <= 9999) || !(month >= 1) || !(day >= 1)) throw new RangeError(`date out of range: ${at.toISOString()}`);
  return { year, month, day };
};

const DAY_MS = 86_400_000;

/** ISO 8601 week-year and week (1–53) of a calendar date (no time zone involved any more). */
export const isoWeek = (year: number, month: number, day: number): { weekYear: number; week: number } => {
  const date = Date.UTC(year, month - 1, day);
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = date + (3 - weekday) * DAY_MS; // the Thursday of the same ISO week decides its year
  const weekYear = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / DAY_MS / 7) + 1;
  return { weekYear, week };
};

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The day, ISO week, month and year `at` falls in, as seen in `timeZone`. */
export const periodKeys = (at: Date, timeZone: string): PeriodKeys => {
  const { year, month, day } = localDate(at, timeZone);
  const { weekYear, week } = isoWeek(year, month, day);
  const y = pad(year, 4);
  return { day: `${y}-${pad(month)}-${pad(day)}`, week: `${pad(weekYear, 4)}-W${pad(week)}`, month: `${y}-${pad(month)}`, year: y };
};
