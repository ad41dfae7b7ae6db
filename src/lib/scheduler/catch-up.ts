/**
 * Catch-up after downtime (DESIGN §6: missed fires collapse into at most one catch-up run). Pure: `now`
 * is a parameter.
 *
 * The caller (boot, once per scheduled job) passes the slot of the job's last SCHEDULED run (manual
 * runs have no slot and do not count) and the job's creation time. It records the returned slot with
 * `slotKey(jobId, slot)`, so a catch-up that races the live fire of the same slot collides on the key.
 */
import { scheduleOf } from "./slots";

export type CatchUpPolicy = "off" | "once";

/**
 * The one slot to catch up, or null: with policy "once", the most recent occurrence of `cron` strictly
 * after max(lastSlotRun, jobCreatedAt) and up to `now`; older missed slots are dropped (at most ONE
 * catch-up run per job, however long the downtime). A slot at the very instant of the last run or of
 * the job's creation is not owed. A slot at exactly `now` IS returned: croner started at `now` would
 * only fire after it, and if the live scheduler fires it too, the slot key collides.
 * Throws a RangeError for an invalid schedule or time zone.
 */
export function missedSlot(
  cron: string,
  timeZone: string,
  lastSlotRun: Date | null,
  jobCreatedAt: Date,
  now: Date,
  policy: CatchUpPolicy,
): Date | null {
  if (policy === "off") return null;
  if (policy !== "once") throw new RangeError(`missedSlot: unknown catch-up policy "${String(policy)}"`);
  for (const [name, d] of [["jobCreatedAt", jobCreatedAt], ["now", now], ["lastSlotRun", lastSlotRun ?? jobCreatedAt]] as const) {
    if (!(d instanceof Date) || !Number.isFinite(d.getTime())) throw new RangeError(`missedSlot: ${name} is not a valid date`);
  }
  const floor = Math.max(lastSlotRun?.getTime() ?? Number.NEGATIVE_INFINITY, jobCreatedAt.getTime());
  if (floor >= now.getTime()) return null;
  // previousRuns is strictly before its reference: +1 ms makes "at or before now" inclusive.
  const [latest] = scheduleOf(cron, timeZone).previousRuns(1, new Date(now.getTime() + 1));
  return latest && latest.getTime() > floor ? latest : null;
}
