/**
 * Recovery objectives per job (docs/drills.md), for the job page, and later the dashboard and /metrics:
 *   - RPO: the longest gap between the job's next scheduled slots plus its tolerance (drill settings,
 *     default 25%); `breached` when the newest VERIFIED backup (verifyStatus ok) is older than that;
 *   - RTO: the duration (verification + restore) of the job's last passed drill.
 * Manual-only jobs have no RPO target.
 */
import { parseDrillSettings } from "@/lib/drills/settings";
import { longestGapMs, rpoState, rpoTargetMs } from "@/lib/drills/objectives";
import { cronFor, normalizeSchedule } from "@/lib/scheduler/cron";
import { db } from "@/server/db";
import { getSetting } from "../settings/get-settings";

export type RecoveryObjectives = {
  jobId: string;
  rpo: {
    /** null: manual only (or an unreadable schedule) */
    targetMs: number | null;
    intervalMs: number | null;
    tolerancePercent: number;
    /** When the newest verified backup was taken */
    lastVerifiedBackupAt: string | null;
    ageMs: number | null;
    breached: boolean;
  };
  rto: {
    /** The last passed drill's verify + restore time */
    lastMs: number | null;
    lastDrillAt: string | null;
    lastDrillStatus: "passed" | "failed" | null;
  };
};

const SLOTS = 12;

export const expectedIntervalMs = (schedule: string | null, timeZone: string, now: Date): number | null => {
  const expr = normalizeSchedule(schedule);
  if (!expr) return null;
  try {
    return longestGapMs(cronFor(expr, timeZone).nextRuns(SLOTS, now));
  } catch {
    return null;
  }
};

type JobRow = { id: string; schedule: string | null; enabled: boolean; drill: string | null; createdAt: Date };

const objectivesOf = async (job: JobRow, timeZone: string, now: Date): Promise<RecoveryObjectives> => {
  const settings = parseDrillSettings(job.drill);
  const intervalMs = job.enabled ? expectedIntervalMs(job.schedule, timeZone, now) : null;
  const targetMs = intervalMs === null ? null : rpoTargetMs(intervalMs, settings.rpoTolerancePercent);
  const verified = await db.backup.findFirst({ where: { jobId: job.id, verifyStatus: "ok" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const state = rpoState(targetMs, verified?.createdAt ?? null, job.createdAt, now);
  const last = await db.drillResult.findFirst({ where: { jobId: job.id, status: { not: "cancelled" } }, orderBy: { createdAt: "desc" }, select: { status: true, createdAt: true } });
  const lastPassed = await db.drillResult.findFirst({ where: { jobId: job.id, status: "passed" }, orderBy: { createdAt: "desc" }, select: { rtoMs: true } });
  return {
    jobId: job.id,
    rpo: { targetMs, intervalMs, tolerancePercent: settings.rpoTolerancePercent, lastVerifiedBackupAt: verified?.createdAt.toISOString() ?? null, ageMs: state.ageMs, breached: state.breached },
    rto: {
      lastMs: lastPassed?.rtoMs ?? null,
      lastDrillAt: last?.createdAt.toISOString() ?? null,
      lastDrillStatus: last ? (last.status === "passed" ? "passed" : "failed") : null,
    },
  };
};

const SELECT = { id: true, schedule: true, enabled: true, drill: true, createdAt: true } as const;

/** One job's objectives; null when the job does not exist. */
export const jobRecoveryObjectives = async (jobId: string, now = new Date()): Promise<RecoveryObjectives | null> => {
  const job = await db.job.findUnique({ where: { id: jobId }, select: SELECT });
  if (!job) return null;
  return objectivesOf(job, await getSetting("system.timezone"), now);
};

/** Every job's objectives (or the listed ones), for the dashboard and /metrics. */
export const jobsRecoveryObjectives = async (jobIds?: string[], now = new Date()): Promise<RecoveryObjectives[]> => {
  const jobs = await db.job.findMany({ where: jobIds ? { id: { in: jobIds } } : {}, select: SELECT, orderBy: { name: "asc" } });
  const tz = await getSetting("system.timezone");
  const out: RecoveryObjectives[] = [];
  for (const j of jobs) out.push(await objectivesOf(j, tz, now));
  return out;
};
