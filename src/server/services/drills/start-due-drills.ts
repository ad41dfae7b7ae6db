/**
 * The "own cron" drill schedule, checked every minute by a system task (no second scheduler to keep
 * in step with job edits): a job whose drill cron had a slot in the last 10 minutes, and no drill
 * queued since that slot, gets one. A slot missed for longer (Bunker was down) is not caught up.
 */
import { drillsActive, parseDrillSettings } from "@/lib/drills/settings";
import { cronFor, normalizeSchedule } from "@/lib/scheduler/cron";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "../audit/audit-context";
import { getSetting } from "../settings/get-settings";
import { startDrillRun } from "./start-drill-run";

const WINDOW_MS = 10 * 60_000;

export const startDueDrills = async (now = new Date()): Promise<{ checked: number; started: number }> => {
  const tz = await getSetting("system.timezone");
  const jobs = await db.job.findMany({ where: { drill: { not: null } }, select: { id: true, name: true, drill: true } });
  let checked = 0;
  let started = 0;
  for (const job of jobs) {
    const s = parseDrillSettings(job.drill);
    if (!drillsActive(s) || s.schedule.mode !== "cron") continue;
    const expr = normalizeSchedule(s.schedule.cron);
    if (!expr) continue;
    checked++;
    try {
      const [slot] = cronFor(expr, tz).previousRuns(1, new Date(now.getTime() + 1));
      if (!slot || now.getTime() - slot.getTime() > WINDOW_MS) continue;
      const since = await db.execution.findFirst({ where: { jobId: job.id, type: "Drill", queuedAt: { gte: slot } }, select: { id: true } });
      if (since) continue;
      const r = await startDrillRun({ jobId: job.id, actor: SYSTEM_ACTOR, trigger: "schedule" });
      if (r.queued) started++;
    } catch (e) {
      log.warn("scheduled drill: could not start", { job: job.name, error: e });
    }
  }
  return { checked, started };
};
