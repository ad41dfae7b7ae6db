import { db } from "@/server/db";
import { requestScheduleRefresh } from "@/server/scheduler/job-scheduler";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { ACTIVE_RUN_STATUSES, auditableJob, JOB_INCLUDE, toJobDto } from "./job-dto";

export type DeleteJobOptions = { id: string; actor: Actor };

/**
 * Deletes a job with its destination and notifier links. Its backups stay (their jobId becomes null) and
 * so does its run history. Refused while a run of it is queued or running: cancel it first.
 */
export const deleteJob = async ({ id, actor }: DeleteJobOptions): Promise<{ backupsKept: number }> => {
  const row = await db.job.findUnique({ where: { id }, include: JOB_INCLUDE });
  if (!row) throw new AppError("NOT_FOUND", "That job does not exist.");
  const active = await db.execution.findFirst({ where: { jobId: id, status: { in: [...ACTIVE_RUN_STATUSES] } }, select: { status: true } });
  if (active) {
    const what = active.status === "Running" ? "is running" : "is queued";
    throw new AppError("CONFLICT", `A run of ${row.name} ${what}. Cancel it or wait for it to finish, then delete the job.`);
  }
  const backupsKept = await db.backup.count({ where: { jobId: id } });
  await db.job.delete({ where: { id } });
  requestScheduleRefresh();
  await recordAudit({ actor, action: "job.delete", resourceType: "job", resourceId: id, before: auditableJob(toJobDto(row)), details: { backupsKept } });
  return { backupsKept };
};
