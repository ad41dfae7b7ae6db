import { db } from "@/server/db";
import { requestScheduleRefresh } from "@/server/scheduler/job-scheduler";
import { isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { auditableJob, JOB_INCLUDE, type JobDto, toJobDto } from "./job-dto";
import { checkDrill, checkJobReferences, checkNameFree, checkCompression, checkSchedule, freeSlug, jobColumns, nameTaken } from "./job-validation";
import type { TJobFields } from "./jobs.schema";

export type CreateJobOptions = { data: TJobFields; actor: Actor };

/** Two saves racing for the same slug: the loser picks the next free one. */
const SLUG_ATTEMPTS = 3;

export const createJob = async ({ data, actor }: CreateJobOptions): Promise<JobDto> => {
  await checkJobReferences(data);
  const schedule = await checkSchedule(data.schedule);
  await checkCompression(data.compression);
  await checkDrill(data);
  await checkNameFree(data.name);
  for (let attempt = 1; ; attempt++) {
    const slug = await freeSlug(data.name);
    try {
      const row = await db.job.create({
        data: {
          ...jobColumns(data, schedule),
          slug,
          destinations: { create: data.destinationIds.map((destinationId, position) => ({ destinationId, position })) },
          notifiers: { create: data.notifiers.map((n) => ({ notifierId: n.notifierId, events: JSON.stringify(n.events) })) },
        },
        include: JOB_INCLUDE,
      });
      const job = toJobDto(row);
      requestScheduleRefresh();
      await recordAudit({ actor, action: "job.create", resourceType: "job", resourceId: job.id, after: auditableJob(job) });
      return job;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      if (await db.job.findFirst({ where: { name: data.name }, select: { id: true } })) throw nameTaken(data.name);
      if (attempt >= SLUG_ATTEMPTS) throw e;
    }
  }
};
