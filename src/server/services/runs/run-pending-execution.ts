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
import { executeDrillRun } from "../drills/execute-drill-run";
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
  const drill = row?.type === "Drill";
  // Restores and drills never hold their job: a backup of the job may run meanwhile.
  if (!getRun(executionId)) registerRun(executionId, restore || drill ? null : (row?.jobId ?? null));
  const execute = drill ? executeDrillRun : restore ? executeRestoreRun : executeBackupRun;
  const kind = drill ? "drill" : restore ? "restore" : "backup";
  const finished = execute(executionId).catch((e: unknown) => log.error(`${kind} run crashed`, { executionId, error: e }));
  return { claimed: true, executionId, finished };
};
