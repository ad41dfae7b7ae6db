/**
 * Queues a restore drill of a job: a Pending Execution (type Drill) drained by the restore queue, so
 * drills share `queue.maxConcurrentRestores` and never take a backup's slot. One drill per job at a
 * time: asking again while one is queued or running returns that one.
 */
import { drillsActive, parseDrillSettings } from "@/lib/drills/settings";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { drainRestores } from "@/server/scheduler/run-queue";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

export type DrillTrigger = "manual" | "api" | "schedule" | "after-backup";

export const startDrillRun = async (input: { jobId: string; actor: Actor; trigger: DrillTrigger }): Promise<{ executionId: string; queued: boolean }> => {
  const job = await db.job.findUnique({ where: { id: input.jobId }, select: { id: true, name: true, drill: true } });
  if (!job) throw new AppError("NOT_FOUND", "That job does not exist.");
  const settings = parseDrillSettings(job.drill);
  if (!drillsActive(settings)) throw new AppError("PRECONDITION_FAILED", `Restore drills are off for ${job.name}: switch them on and pick a scratch target in the job's settings.`);
  const active = await db.execution.findFirst({ where: { jobId: job.id, type: "Drill", status: { in: ["Pending", "Running"] } }, select: { id: true } });
  if (active) return { executionId: active.id, queued: false };

  const execution = await db.execution.create({
    data: {
      jobId: job.id,
      type: "Drill",
      status: "Pending",
      // "after-backup" is the engine starting it: recorded as system, said in the metadata.
      trigger: input.trigger === "after-backup" ? "system" : input.trigger,
      triggeredById: input.actor.kind === "user" ? input.actor.userId : null,
      step: "waiting for a restore slot",
      metadata: JSON.stringify({ drill: { trigger: input.trigger } }),
    },
    select: { id: true },
  });
  if (input.trigger === "manual" || input.trigger === "api") {
    await recordAudit({ actor: input.actor, action: "job.drill", resourceType: "job", resourceId: job.id, details: { executionId: execution.id, trigger: input.trigger } });
  }
  void drainRestores();
  return { executionId: execution.id, queued: true };
};
