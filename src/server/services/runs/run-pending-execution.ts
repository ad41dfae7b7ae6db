/**
 * Runs an Execution that already exists and is still Pending (a queued scheduled or catch-up run).
 * The claim is atomic: `updateMany({ id, status: "Pending" } → Running)` changes one row only for the
 * first claimer, so two drains (or a drain racing a cancel) never start the same run twice. The claimed
 * run is registered in the run registry (cancel, timeout and shutdown reach it there, and the job
 * counts as running) and executed in the background by executeBackupRun (or executeRestoreRun for a
 * queued restore), which records every outcome.
 */
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { getRun, registerRun } from "@/server/runs/run-registry";
import { executeRestoreRun } from "../restore/execute-restore-run";
import { executeBackupRun } from "./execute-backup-run";

export type PendingRunClaim = { claimed: false } | { claimed: true; executionId: string; finished: Promise<void> };

/**
 * Claims the Pending execution and starts it; `claimed: false` when it is no longer Pending (another
 * drain claimed it, it was cancelled …). `finished` settles when the run has recorded its outcome; it
 * never rejects.
 */
export const runPendingExecution = async (executionId: string): Promise<PendingRunClaim> => {
  const startedAt = new Date();
  const { count } = await db.execution.updateMany({ where: { id: executionId, status: "Pending" }, data: { status: "Running", startedAt } });
  if (count !== 1) return { claimed: false };
  const row = await db.execution.findUnique({ where: { id: executionId }, select: { jobId: true, type: true } });
  const restore = row?.type === "Restore";
  if (!getRun(executionId)) registerRun(executionId, restore ? null : (row?.jobId ?? null));
  const execute = restore ? executeRestoreRun : executeBackupRun;
  const finished = execute(executionId).catch((e: unknown) => log.error(`${restore ? "restore" : "backup"} run crashed`, { executionId, error: e }));
  return { claimed: true, executionId, finished };
};
