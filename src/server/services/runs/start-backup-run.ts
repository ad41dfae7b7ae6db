/**
 * Starts a backup of one job now: an Execution (type Backup, Running) is created and registered, the
 * run goes on in the background (executeBackupRun), and this resolves at once with its id. A job runs
 * once at a time: while it has a Pending or Running execution, a second start is refused (CONFLICT).
 */
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { registerRun, releaseJob, reserveJob } from "@/server/runs/run-registry";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { executeBackupRun } from "./execute-backup-run";

export type RunTrigger = "manual" | "schedule" | "api" | "catch-up";

const ACTIVE_STATUSES = ["Pending", "Running"];

/**
 * Creates an Execution (type Backup) for the job and starts it in the background. Resolves as soon as
 * the run is registered; refuses (AppError CONFLICT) while the same job is already running.
 */
export const startBackupRun = async ({ jobId, trigger, actor }: { jobId: string; trigger: RunTrigger; actor: Actor }): Promise<{ executionId: string }> => {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { id: true, name: true } });
  if (!job) throw new AppError("NOT_FOUND", "That job does not exist.");
  const conflict = () => new AppError("CONFLICT", `${job.name} is already running`);

  // The in-process reservation closes the gap between the check below and the insert.
  if (!reserveJob(job.id)) throw conflict();
  let executionId: string;
  try {
    const active = await db.execution.findFirst({ where: { jobId: job.id, status: { in: ACTIVE_STATUSES } }, select: { id: true } });
    if (active) throw conflict();
    const execution = await db.execution.create({
      data: {
        jobId: job.id,
        type: "Backup",
        status: "Running",
        trigger,
        startedAt: new Date(),
        triggeredById: actor.kind === "user" ? actor.userId : null,
      },
      select: { id: true },
    });
    executionId = execution.id;
    registerRun(executionId, job.id);
  } catch (e) {
    releaseJob(job.id);
    throw e;
  }

  // In the background: executeBackupRun records every outcome itself and never rejects.
  void executeBackupRun(executionId).catch((e: unknown) => log.error("backup run crashed", { executionId, error: e }));

  await recordAudit({ actor, action: "job.run", resourceType: "job", resourceId: job.id, details: { executionId, trigger, job: job.name } });
  return { executionId };
};
