import { db } from "@/server/db";
import { requestScheduleRefresh } from "@/server/scheduler/job-scheduler";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { JOB_INCLUDE, type JobDto, toJobDto } from "./job-dto";

export type SetJobEnabledOptions = { id: string; enabled: boolean; actor: Actor };

/** A disabled job keeps its schedule but never fires; Run now still works. */
export const setJobEnabled = async ({ id, enabled, actor }: SetJobEnabledOptions): Promise<JobDto> => {
  const job = await db.job.findUnique({ where: { id }, select: { enabled: true } });
  if (!job) throw new AppError("NOT_FOUND", "That job does not exist.");
  const row = await db.job.update({ where: { id }, data: { enabled }, include: JOB_INCLUDE });
  requestScheduleRefresh();
  if (job.enabled !== enabled) {
    await recordAudit({
      actor,
      action: enabled ? "job.enable" : "job.disable",
      resourceType: "job",
      resourceId: id,
      before: { name: row.name, enabled: job.enabled },
      after: { name: row.name, enabled },
    });
  }
  return toJobDto(row);
};
