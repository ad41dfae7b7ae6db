/**
 * Schedule slots: the scheduled instants a cron expression names, in an IANA time zone. Pure: no
 * database, no clock (every instant is a parameter).
 *
 * A fire belongs to a slot (the scheduled time it was meant for), and `slotKey(jobId, slot)` is what
 * the unique `Execution.slotKey` column holds: two fires of the same job for the same slot (two
 * processes, a timer that fired twice, a catch-up racing the live fire) collide on it, and only one run
 * is recorded.
 *
 * Cron expressions are validated and evaluated exactly as the job form does (`describeSchedule` and
 * `cronFor` of the jobs service: croner in "5-or-6-parts" mode), so what the form accepts is what the
 * scheduler runs: 5 fields, or 6 with seconds first; croner's DST rules (a fixed-time job in the
 * spring-forward gap runs when the clock has jumped, and once on the fall-back repeated hour).
 */
import type { Cron } from "croner";
import { cronFor, describeSchedule, normalizeSchedule } from "@/lib/scheduler/cron";

export type CronValidation = { ok: true } | { ok: false; error: string };

/**
 * How early a fire may come and still belong to the slot ahead of it: timers can fire a few ms early,
 * and two processes a few ms apart must name the same slot.
 */
export const SLOT_TOLERANCE_MS = 1_000;

/** A fixed reference for the "this schedule never runs" check, so that validation needs no clock. */
const EPOCH = new Date(0);

const assertDate = (name: string, d: Date): void => {
  if (!(d instanceof Date) || !Number.isFinite(d.getTime())) throw new RangeError(`${name} is not a valid date`);
};

/** Checks a cron expression (5 fields, or 6 with seconds first); the error is the job form's message. */
export function validateCron(cron: string): CronValidation {
  if (typeof cron !== "string" || normalizeSchedule(cron) === null) {
    return { ok: false, error: "the schedule is empty: expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first" };
  }
  const d = describeSchedule(cron, "UTC", { now: EPOCH, count: 1 });
  return d.ok ? { ok: true } : { ok: false, error: d.error };
}

/** The croner schedule of `cron` in `timeZone` (it never fires by itself); throws a RangeError with the form's message when either is invalid. */
export function scheduleOf(cron: string, timeZone: string): Cron {
  const expr = typeof cron === "string" ? normalizeSchedule(cron) : null;
  const d = expr === null ? null : describeSchedule(expr, timeZone, { now: EPOCH, count: 1 });
  if (expr === null || d === null || !d.ok) {
    throw new RangeError(`invalid schedule ${JSON.stringify(cron)} in ${timeZone}: ${d && !d.ok ? d.error : "the schedule is empty"}`);
  }
  return cronFor(expr, timeZone);
}

/** The unique key of a scheduled run: the job and the slot's instant in UTC (ISO 8601, milliseconds). */
export function slotKey(jobId: string, slot: Date): string {
  if (!jobId) throw new RangeError("slotKey: the job id is empty");
  assertDate("slotKey: the slot", slot);
  return `${jobId}@${slot.toISOString()}`;
}

/**
 * The slot a fire at `firedAt` belongs to: the latest occurrence of `cron` at or before
 * `firedAt` + SLOT_TOLERANCE_MS. A fire a few ms early or a few seconds late names the same slot; a fire
 * more than the tolerance early names the previous slot (and collides with the run already made for it).
 * Throws when the schedule has no occurrence at or before then.
 */
export function currentSlot(cron: string, timeZone: string, firedAt: Date): Date {
  assertDate("currentSlot: firedAt", firedAt);
  // previousRuns is strictly before its reference: +1 ms makes "at or before" inclusive.
  const [slot] = scheduleOf(cron, timeZone).previousRuns(1, new Date(firedAt.getTime() + SLOT_TOLERANCE_MS + 1));
  if (!slot) throw new RangeError(`currentSlot: ${JSON.stringify(cron)} has no occurrence at or before ${firedAt.toISOString()}`);
  return slot;
}

/** The next `count` occurrences strictly after `from`, earliest first (fewer if the schedule ends). */
export function nextRuns(cron: string, timeZone: string, from: Date, count: number): Date[] {
  assertDate("nextRuns: from", from);
  if (!Number.isInteger(count) || count < 0 || count > 1_000) throw new RangeError(`nextRuns: count must be a whole number from 0 to 1000 (got ${count})`);
  if (count === 0) return [];
  return scheduleOf(cron, timeZone).nextRuns(count, from);
}
