/**
 * Calendar days in the system time zone, for charts bucketed by day. Pure (no database, no clock unless
 * none is given). SQLite knows no IANA zones, so the day of a timestamp is computed in SQL with a fixed
 * UTC offset per segment: `offsetSegments` finds where the zone's offset changes (DST) inside a range,
 * and the SQL adds the offset that was in force at each instant.
 */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const partFormatters = new Map<string, Intl.DateTimeFormat>();

const dayFormatter = (tz: string): Intl.DateTimeFormat => {
  let f = dayFormatters.get(tz);
  if (!f) dayFormatters.set(tz, (f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" })));
  return f;
};

const partFormatter = (tz: string): Intl.DateTimeFormat => {
  let f = partFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partFormatters.set(tz, f);
  }
  return f;
};

/** "2025-03-30": the calendar day of `d` in `tz`. */
export const dayKey = (d: Date, tz: string): string => dayFormatter(tz).format(d);

/** Minutes to add to UTC to get the wall-clock time in `tz` at instant `d` (e.g. 120 for Paris in summer). */
export const offsetMinutes = (d: Date, tz: string): number => {
  const p: Record<string, number> = {};
  for (const part of partFormatter(tz).formatToParts(d)) if (part.type !== "literal") p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
};

export type OffsetSegment = { from: Date; offset: number };

const HOUR_MS = 3_600_000;

/**
 * The zone's UTC offsets over [from, to]: the first segment starts at `from`, each next one where the
 * offset changes (found to the minute). Sampled every 6 hours, which no real zone changes twice within.
 */
export const offsetSegments = (tz: string, from: Date, to: Date): OffsetSegment[] => {
  const segs: OffsetSegment[] = [{ from, offset: offsetMinutes(from, tz) }];
  let prev = from.getTime();
  let prevOffset = segs[0]!.offset;
  for (let t = prev + 6 * HOUR_MS; ; t += 6 * HOUR_MS) {
    const at = Math.min(t, to.getTime());
    const off = offsetMinutes(new Date(at), tz);
    if (off !== prevOffset) {
      // Binary search, in whole minutes (zones change offset on a minute), for the first one with the new offset.
      let lo = Math.floor(prev / 60_000);
      let hi = Math.ceil(at / 60_000);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetMinutes(new Date(mid * 60_000), tz) === prevOffset) lo = mid;
        else hi = mid;
      }
      segs.push({ from: new Date(hi * 60_000), offset: off });
      prevOffset = off;
    }
    prev = at;
    if (at >= to.getTime()) break;
  }
  return segs;
};

/** The last `n` calendar days in `tz`, oldest first, ending with today. */
export const lastDays = (n: number, tz: string, now: Date = new Date()): string[] => {
  const today = dayKey(now, tz);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
  return out;
};

/** The instant the calendar day `day` ("YYYY-MM-DD") starts in `tz`. */
export const startOfDay = (day: string, tz: string): Date => {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // The offset at the guess, then once more at the corrected instant (it may sit across a DST change).
  let t = utcMidnight - offsetMinutes(new Date(utcMidnight), tz) * 60_000;
  t = utcMidnight - offsetMinutes(new Date(t), tz) * 60_000;
  return new Date(t);
};
