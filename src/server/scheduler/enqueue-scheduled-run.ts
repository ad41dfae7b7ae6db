/**
 * Records one scheduled fire (or a catch-up) of a job as an Execution:
 * - `created`: a Pending Backup run for the slot, drained by the queue (run-queue.ts);
 * - `skipped`: the job still has a Pending/Running run, so this fire is recorded as Skipped (the same
 *   job never runs twice at once);
 * - `duplicate`: a run (or skip) for this slot already exists: `Execution.slotKey` is UNIQUE, so a
 *   double fire for the same slot (two timers, catch-up racing the live fire) collides and is ignored;
 * - `missing`: the job no longer exists (a fire that raced a delete).
 */
import { log } from "@/lib/logger";
import { slotKey } from "@/lib/scheduler/slots";
import { db } from "@/server/db";
import { releaseJob, reserveJob } from "@/server/runs/run-registry";
import { drainQueue } from "./run-queue";

export type ScheduledTrigger = "schedule" | "catch-up";

export type EnqueueResult =
  | { outcome: "created"; executionId: string }
  | { outcome: "skipped"; executionId: string }
  | { outcome: "duplicate" }
  | { outcome: "missing" };

const ACTIVE_STATUSES = ["Pending", "Running"];

export const skippedMessage = (jobName: string): string => `skipped: the previous run of ${jobName} is still running`;

const isUniqueViolation = (e: unknown): boolean => typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";

/**
 * Enqueues of the same job run one after the other in this process, so that two fires racing each
 * other see each other's row (the second collides on the slot key, or is Skipped for a later slot)
 * instead of mistaking the other's reservation for a running job.
 */
const g = globalThis as unknown as { bunkerEnqueueLocks?: Map<string, Promise<unknown>> };
const locks = (g.bunkerEnqueueLocks ??= new Map());

const withJobLock = async <T>(jobId: string, fn: () => Promise<T>): Promise<T> => {
  const prev = locks.get(jobId) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const settled = next.catch(() => undefined);
  locks.set(jobId, settled);
  try {
    return await next;
  } finally {
    if (locks.get(jobId) === settled) locks.delete(jobId);
  }
};

export const enqueueScheduledRun = (opts: { jobId: string; slot: Date; trigger: ScheduledTrigger }): Promise<EnqueueResult> =>
  withJobLock(opts.jobId, () => enqueueLocked(opts));

const enqueueLocked = async ({ jobId, slot, trigger }: { jobId: string; slot: Date; trigger: ScheduledTrigger }): Promise<EnqueueResult> => {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { id: true, name: true } });
  if (!job) return { outcome: "missing" };
  const key = slotKey(job.id, slot);

  // The in-process reservation closes the gap between the check and the insert (as startBackupRun does);
  // failing to reserve means the job is running or being started here.
  const reserved = reserveJob(job.id);
  try {
    const active = !reserved || (await db.execution.findFirst({ where: { jobId: job.id, status: { in: ACTIVE_STATUSES } }, select: { id: true } })) !== null;
    const now = new Date();
    const execution = await db.execution.create({
      data: active
        ? { jobId: job.id, type: "Backup", status: "Skipped", trigger, slotKey: key, queuedAt: now, startedAt: now, endedAt: now, warning: skippedMessage(job.name) }
        : { jobId: job.id, type: "Backup", status: "Pending", trigger, slotKey: key, queuedAt: now },
      select: { id: true },
    });
    if (active) {
      log.warn(skippedMessage(job.name), { jobId: job.id, slot: slot.toISOString(), trigger });
      return { outcome: "skipped", executionId: execution.id };
    }
    log.info("scheduled run queued", { jobId: job.id, job: job.name, slot: slot.toISOString(), trigger, executionId: execution.id });
    return { outcome: "created", executionId: execution.id };
  } catch (e) {
    if (isUniqueViolation(e)) return { outcome: "duplicate" };
    throw e;
  } finally {
    if (reserved) releaseJob(job.id);
    void drainQueue();
  }
};
