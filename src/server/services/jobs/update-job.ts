import { db } from "@/server/db";
import { requestScheduleRefresh } from "@/server/scheduler/job-scheduler";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { auditableJob, JOB_INCLUDE, type JobDto, toJobDto } from "./job-dto";
import { checkDrill, checkJobReferences, checkNameFree, checkCompression, checkSchedule, jobColumns, nameTaken } from "./job-validation";
import type { TUpdateJob } from "./jobs.schema";

export type UpdateJobOptions = { data: TUpdateJob; actor: Actor };

/**
 * Replaces a job's settings, its destinations and its notifiers. The slug is kept even on a rename: the backups
 * already stored live under it, and retention and restore find them there.
 */
export const updateJob = async ({ data, actor }: UpdateJobOptions): Promise<JobDto> => {
  const existing = await db.job.findUnique({ where: { id: data.id }, include: JOB_INCLUDE });
  if (!existing) throw new AppError("NOT_FOUND", "That job does not exist.");
  await checkJobReferences(data);
  const schedule = await checkSchedule(data.schedule);
  await checkCompression(data.compression);
  await checkDrill(data);
  await checkNameFree(data.name, data.id);
  try {
    const row = await db.job.update({
      where: { id: data.id },
      data: {
        ...jobColumns(data, schedule),
        destinations: { deleteMany: {}, create: data.destinationIds.map((destinationId, position) => ({ destinationId, position })) },
        notifiers: { deleteMany: {}, create: data.notifiers.map((n) => ({ notifierId: n.notifierId, events: JSON.stringify(n.events) })) },
      },
      include: JOB_INCLUDE,
    });
    requestScheduleRefresh();
    const before = toJobDto(existing);
    const after = toJobDto(row);
    await recordAudit({ actor, action: "job.update", resourceType: "job", resourceId: data.id, before: auditableJob(before), after: auditableJob(after) });
    return after;
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(data.name);
    throw e;
  }
};
