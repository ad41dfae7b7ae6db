/**
 * Catch-up at boot (DESIGN §6): missed fires collapse into at most one run per job. For each enabled
 * job with a schedule, the slot of its last scheduled run (the slot in its slotKey; manual runs do not
 * count) and its creation time go to `missedSlot`, with the policy of the `scheduler.catchUp` setting
 * ("once" | "off"). The returned slot is enqueued with trigger "catch-up" under that slot's key, so a
 * catch-up that races the live fire of the same slot, or a second boot, collides instead of doubling.
 */
import { log } from "@/lib/logger";
import { missedSlot } from "@/lib/scheduler/catch-up";
import { normalizeSchedule } from "@/lib/scheduler/cron";
import { db } from "@/server/db";
import { getSetting } from "@/server/services/settings/get-settings";
import { enqueueScheduledRun, type EnqueueResult } from "./enqueue-scheduled-run";

export type CatchUpSummary = { checked: number; results: Array<{ jobId: string; slot: string } & EnqueueResult> };

/** The slot encoded in a slotKey (`<jobId>@<ISO instant>`), or null. */
const slotOfKey = (key: string | null): Date | null => {
  if (!key) return null;
  const at = key.lastIndexOf("@");
  if (at < 0) return null;
  const d = new Date(key.slice(at + 1));
  return Number.isFinite(d.getTime()) ? d : null;
};

/** The slot of the job's latest slotted run (scheduled, catch-up or a skipped fire), or null. */
const lastSlotRun = async (jobId: string): Promise<Date | null> => {
  const rows = await db.execution.findMany({ where: { jobId, slotKey: { not: null } }, select: { slotKey: true }, orderBy: { queuedAt: "desc" }, take: 20 });
  let latest: Date | null = null;
  for (const r of rows) {
    const d = slotOfKey(r.slotKey);
    if (d && (!latest || d > latest)) latest = d;
  }
  return latest;
};

export const catchUpMissedRuns = async (now: Date = new Date()): Promise<CatchUpSummary> => {
  const policy = await getSetting("scheduler.catchUp");
  const summary: CatchUpSummary = { checked: 0, results: [] };
  if (policy === "off") return summary;
  const timeZone = await getSetting("system.timezone");
  const jobs = await db.job.findMany({ where: { enabled: true, schedule: { not: null } }, select: { id: true, name: true, schedule: true, createdAt: true } });
  for (const job of jobs) {
    const expr = normalizeSchedule(job.schedule);
    if (expr === null) continue;
    summary.checked++;
    try {
      const slot = missedSlot(expr, timeZone, await lastSlotRun(job.id), job.createdAt, now, policy);
      if (!slot) continue;
      const result = await enqueueScheduledRun({ jobId: job.id, slot, trigger: "catch-up" });
      summary.results.push({ jobId: job.id, slot: slot.toISOString(), ...result });
      if (result.outcome === "created") log.info(`catch-up: ${job.name} missed its run of ${slot.toISOString()}; running it now`, { jobId: job.id });
    } catch (e) {
      log.error(`catch-up: could not check job ${job.name}`, { jobId: job.id, schedule: expr, error: e });
    }
  }
  return summary;
};
