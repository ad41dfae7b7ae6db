/**
 * At boot nothing is running yet: every Execution still Pending or Running was cut off by a restart
 * (a crash, a deploy). They become Failed "interrupted by restart", so the job can run again and the
 * History page stops showing them as live.
 */
import { db } from "@/server/db";
import { log } from "@/lib/logger";
import { activeRuns } from "./run-registry";

export const INTERRUPTED_ERROR = "interrupted by restart";

export const recoverInterruptedRuns = async (): Promise<{ recovered: number }> => {
  // Runs registered in this process are alive (a hot reload re-running boot): leave them alone.
  const live = activeRuns().map((r) => r.executionId);
  const now = new Date();
  const { count } = await db.execution.updateMany({
    where: { status: { in: ["Pending", "Running"] }, ...(live.length ? { id: { notIn: live } } : {}) },
    data: { status: "Failed", error: INTERRUPTED_ERROR, endedAt: now, step: null },
  });
  if (count > 0) log.warn(`marked ${count} interrupted ${count === 1 ? "run" : "runs"} as failed`, { reason: INTERRUPTED_ERROR });
  return { recovered: count };
};
