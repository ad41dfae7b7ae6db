/** A job's drill history (newest first) and its recovery objectives, for the job page. */
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { jobRecoveryObjectives, type RecoveryObjectives } from "../objectives/job-recovery-objectives";
import { type DrillCheckResult, type DrillTableCount, parseCheckResults, parseTableCounts } from "./drill-result";

export type DrillHistoryItem = {
  executionId: string;
  status: "passed" | "failed" | "cancelled";
  at: string;
  rtoMs: number | null;
  rows: number;
  tables: DrillTableCount[];
  checks: DrillCheckResult[];
  checksPassed: number;
  error: string | null;
  backupKey: string | null;
};

export type JobDrills = {
  objectives: RecoveryObjectives | null;
  history: DrillHistoryItem[];
  /** A drill queued or running now */
  active: { executionId: string; status: string } | null;
};

export const getJobDrills = async (jobId: string, take = 30): Promise<JobDrills> => {
  if (!(await db.job.findUnique({ where: { id: jobId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "That job does not exist.");
  const [rows, active, objectives] = await Promise.all([
    db.drillResult.findMany({ where: { jobId }, orderBy: { createdAt: "desc" }, take, include: { backup: { select: { key: true } } } }),
    db.execution.findFirst({ where: { jobId, type: "Drill", status: { in: ["Pending", "Running"] } }, select: { id: true, status: true } }),
    jobRecoveryObjectives(jobId),
  ]);
  return {
    objectives,
    active: active ? { executionId: active.id, status: active.status } : null,
    history: rows.map((r) => {
      const tables = parseTableCounts(r.tableCounts);
      const checks = parseCheckResults(r.checks);
      return {
        executionId: r.executionId,
        status: r.status === "passed" || r.status === "cancelled" ? r.status : "failed",
        at: r.createdAt.toISOString(),
        rtoMs: r.rtoMs,
        rows: tables.reduce((n, t) => n + (t.restored ?? 0), 0),
        tables,
        checks,
        checksPassed: checks.filter((c) => c.passed).length,
        error: r.error,
        backupKey: r.backup?.key ?? null,
      };
    }),
  };
};
