/**
 * How often a job is expected to produce a verified backup: the gap between its two latest scheduled
 * slots. "Overdue" is past the job's RPO: this interval plus the job's tolerance (25% by default).
 */
import { scheduleOf } from "@/lib/scheduler/slots";

/** Milliseconds between the two latest slots before `now`; null for manual jobs or an unusable schedule. */
export const expectedIntervalMs = (schedule: string | null, tz: string, now: Date): number | null => {
  if (!schedule) return null;
  try {
    const [a, b] = scheduleOf(schedule, tz).previousRuns(2, now);
    if (a && b) return a.getTime() - b.getTime();
    // A schedule with fewer than two past slots (a new yearly job): use the gap to the next slot.
    const [n1, n2] = scheduleOf(schedule, tz).nextRuns(2, now);
    return n1 && n2 ? n2.getTime() - n1.getTime() : null;
  } catch {
    return null;
  }
};

/** Memoised per (schedule, zone): 1k jobs share a handful of schedules, and croner is not free. */
export const intervalCache = (tz: string, now: Date) => {
  const memo = new Map<string, number | null>();
  return (schedule: string | null): number | null => {
    if (!schedule) return null;
    if (!memo.has(schedule)) memo.set(schedule, expectedIntervalMs(schedule, tz, now));
    return memo.get(schedule) ?? null;
  };
};
