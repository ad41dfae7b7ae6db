/**
 * Cancels a Pending or Running execution: aborting its controller kills the dump's process group,
 * aborts every writer (nothing of an unfinished database is committed) and the run ends Cancelled.
 * Waits a little for the run to record that, then returns the status it ended with. A run that had
 * already finished is left as it was.
 * `onlyType` narrows the cancel to one execution type, for callers allowed to stop only that kind of
 * run (storage:restore may stop restores, not backups); another type answers NOT_FOUND, as a missing
 * run does, so the narrower caller learns nothing about executions outside its reach.
 */
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { publishRunEvent } from "@/server/runs/progress-bus";
import { abortRun, getRun } from "@/server/runs/run-registry";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

const ACTIVE_STATUSES = ["Pending", "Running"];
/** How long cancelRun waits for the run to stop before returning */
const WAIT_MS = 15_000;

const actorLabel = (actor: Actor): string => (actor.kind === "user" ? actor.email : "system");

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });

/** Cancels a Pending or Running execution: kills the dump's process group and aborts every writer. */
export const cancelRun = async ({ executionId, actor, onlyType }: { executionId: string; actor: Actor; onlyType?: "Restore" }): Promise<{ status: string }> => {
  const exec = await db.execution.findUnique({ where: { id: executionId }, select: { id: true, status: true, jobId: true, type: true } });
  if (!exec || (onlyType && exec.type !== onlyType)) throw new AppError("NOT_FOUND", onlyType ? `That ${onlyType.toLowerCase()} does not exist.` : "That run does not exist.");
  if (!ACTIVE_STATUSES.includes(exec.status)) return { status: exec.status };

  const by = actorLabel(actor);
  const audit = () =>
    recordAudit({ actor, action: "run.cancel", resourceType: "execution", resourceId: executionId, details: { jobId: exec.jobId, type: exec.type } });

  const entry = getRun(executionId);
  if (entry) {
    abortRun(executionId, { kind: "cancel", by });
    await audit();
    await Promise.race([entry.finished, sleep(WAIT_MS)]);
    const after = await db.execution.findUnique({ where: { id: executionId }, select: { status: true } });
    return { status: after?.status ?? "Cancelled" };
  }

  // Not running in this process (queued, or left by a process that died): nothing to stop, record it.
  const error = `cancelled by ${by}`;
  const { count } = await db.execution.updateMany({
    where: { id: executionId, status: { in: ACTIVE_STATUSES } },
    data: { status: "Cancelled", endedAt: new Date(), step: null, error },
  });
  if (count === 0) {
    const now = await db.execution.findUnique({ where: { id: executionId }, select: { status: true } });
    return { status: now?.status ?? exec.status };
  }
  publishRunEvent(executionId, { type: "status", status: "Cancelled", error, warning: null });
  await audit();
  return { status: "Cancelled" };
};
