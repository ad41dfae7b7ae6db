import { db } from "@/server/db";
import { requestScheduleRefresh } from "@/server/scheduler/job-scheduler";
import { AppError, isUniqueViolation } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { auditableJob, JOB_INCLUDE, type JobDto, toJobDto } from "./job-dto";
import { freeSlug } from "./job-validation";

export type CloneJobOptions = { id: string; actor: Actor };

const MAX_NAME = 80;

/** The first free "<name> (copy)", "<name> (copy 2)" …, cut to fit the 80-character limit. */
const freeCopyName = async (name: string): Promise<string> => {
  const taken = new Set((await db.job.findMany({ select: { name: true } })).map((r) => r.name));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? " (copy)" : ` (copy ${n})`;
    const candidate = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
};

/**
 * Copies a job with its destinations, notifiers and drill settings under a free "(copy)" name. The copy
 * starts disabled: two jobs firing the same dump at the same time is rarely what anyone wants.
 */
export const cloneJob = async ({ id, actor }: CloneJobOptions): Promise<JobDto> => {
  const src = await db.job.findUnique({ where: { id }, include: JOB_INCLUDE });
  if (!src) throw new AppError("NOT_FOUND", "That job does not exist.");
  for (let attempt = 1; ; attempt++) {
    const name = await freeCopyName(src.name);
    const slug = await freeSlug(name);
    try {
      const row = await db.job.create({
        data: {
          name,
          slug,
          description: src.description,
          sourceId: src.sourceId,
          databases: src.databases,
          schedule: src.schedule,
          enabled: false,
          compression: src.compression,
          compressionLevel: src.compressionLevel,
          encryptionProfileId: src.encryptionProfileId,
          retention: src.retention,
          notificationEvents: src.notificationEvents,
          drill: src.drill,
          timeoutSeconds: src.timeoutSeconds,
          destinations: { create: src.destinations.map((d) => ({ destinationId: d.destination.id, position: d.position })) },
          notifiers: { create: src.notifiers.map((n) => ({ notifierId: n.notifierId, events: n.events })) },
        },
        include: JOB_INCLUDE,
      });
      const job = toJobDto(row);
      requestScheduleRefresh();
      await recordAudit({ actor, action: "job.clone", resourceType: "job", resourceId: job.id, after: auditableJob(job), details: { from: src.id, fromName: src.name } });
      return job;
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 3) throw e;
    }
  }
};
