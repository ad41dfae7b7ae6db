/**
 * The dead man's switch. For every enabled, scheduled job: take the latest slot at least N hours old
 * (N = notifications.missingBackupHours); if no backup has succeeded (or partly succeeded) since that
 * slot, the job's backups are missing. Each (job, slot) alerts once: the event carries a dedupe key.
 */
import { cronFor, normalizeSchedule } from "@/lib/scheduler/cron";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { getSettings } from "../settings/get-settings";
import { notifyEvent } from "./notify-event";

/** A run that started up to a minute before the slot still counts as that slot's run. */
const SLOT_TOLERANCE_MS = 60_000;

export type MissingBackup = { jobId: string; jobName: string; expectedAt: string; lastSuccessAt: string | null };

export const findMissingBackups = async (now = new Date()): Promise<{ checked: number; missing: MissingBackup[]; graceHours: number }> => {
  const settings = await getSettings();
  const graceHours = settings["notifications.missingBackupHours"];
  const ref = new Date(now.getTime() - graceHours * 3_600_000);
  const jobs = await db.job.findMany({ where: { enabled: true, schedule: { not: null } }, select: { id: true, name: true, schedule: true, createdAt: true } });
  const missing: MissingBackup[] = [];
  let checked = 0;
  for (const job of jobs) {
    const expr = normalizeSchedule(job.schedule);
    if (!expr) continue;
    let slot: Date | undefined;
    try {
      slot = cronFor(expr, settings["system.timezone"]).previousRuns(1, ref)[0];
    } catch (e) {
      log.warn("missing-backup check: cannot read the schedule", { job: job.name, error: e });
      continue;
    }
    // A job created after that slot was never due yet.
    if (!slot || slot.getTime() < job.createdAt.getTime()) continue;
    checked++;
    const since = new Date(slot.getTime() - SLOT_TOLERANCE_MS);
    const ok = await db.execution.findFirst({
      where: { jobId: job.id, type: "Backup", status: { in: ["Success", "Partial"] }, OR: [{ startedAt: { gte: since } }, { startedAt: null, queuedAt: { gte: since } }] },
      select: { id: true },
    });
    if (ok) continue;
    const last = await db.execution.findFirst({
      where: { jobId: job.id, type: "Backup", status: { in: ["Success", "Partial"] } },
      orderBy: { endedAt: "desc" },
      select: { endedAt: true },
    });
    missing.push({ jobId: job.id, jobName: job.name, expectedAt: slot.toISOString(), lastSuccessAt: last?.endedAt?.toISOString() ?? null });
  }
  return { checked, missing, graceHours };
};

/** The missing-backups system task: finds the jobs and notifies (once per job and slot). */
export const checkMissingBackups = async (now = new Date()): Promise<{ checked: number; missing: MissingBackup[]; notified: number }> => {
  const r = await findMissingBackups(now);
  let notified = 0;
  for (const m of r.missing) {
    const out = await notifyEvent({ type: "backup.missing", jobId: m.jobId, expectedAt: m.expectedAt, lastSuccessAt: m.lastSuccessAt, graceHours: r.graceHours });
    notified += out.logIds.length;
  }
  return { checked: r.checked, missing: r.missing, notified };
};
