/**
 * Step 6: the run's outcome. Aggregates the per-database results into the run status, writes the
 * Execution (status, endedAt, bytes, first error, warning, per-database metadata), and announces it
 * (a last log line, then a `status` event once everything is written). After a Success or Partial run
 * the job's retention policy is applied first (its lines come before the summary line).
 */
import { formatBytes } from "@/lib/backup/format-bytes";
import { type DatabaseResult, type FinalRunStatus, aggregateRunStatus, firstRunError, partialWarning } from "@/lib/backup/run-status";
import { log as appLog } from "@/lib/logger";
import { db } from "@/server/db";
import { publishRunEvent } from "@/server/runs/progress-bus";
import type { AbortCause } from "@/server/runs/run-registry";
import { detectRunDrift } from "../../drills/detect-drift";
import { notifyEvent } from "../../notifications/notify-event";
import { applyRetention } from "../../retention/apply-retention";
import type { RunLogger } from "../append-run-log";
import type { RunProgress } from "../run-progress";

export type RunEnd = {
  executionId: string;
  databases: DatabaseResult[];
  /** Why the run was aborted, if it was */
  cause: AbortCause | null;
  /** A failure before any database started (source unreachable, bad settings …) */
  setupError: string | null;
  startedAt: number;
  log: RunLogger;
  progress: RunProgress;
};

export type RunMetadata = { databases: DatabaseResult[] };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "timed out after 90 seconds" / "… after 6 hours" */
export const describeTimeout = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s % 3600 === 0) return `timed out after ${plural(s / 3600, "hour", "hours")}`;
  if (s % 60 === 0) return `timed out after ${plural(s / 60, "minute", "minutes")}`;
  return `timed out after ${plural(s, "second", "seconds")}`;
};

/**
 * Why an aborted run ended, for its error field. Backups, restores and drills share the wording; each
 * may add to the timeout and shutdown texts what they mean for that kind of run.
 */
export const describeAbortCause = (cause: AbortCause, o: { timeoutPrefix?: string; shutdownNote?: string } = {}): string => {
  switch (cause.kind) {
    case "cancel":
      return cause.by ? `cancelled by ${cause.by}` : "cancelled";
    case "timeout":
      return `${o.timeoutPrefix ?? ""}${describeTimeout(cause.afterMs)}`;
    case "shutdown":
      return `shutdown: Bunker was stopping${o.shutdownNote ?? ""}`;
  }
};

const causeError = (cause: AbortCause): string => describeAbortCause(cause, { shutdownNote: "; nothing of this run's unfinished databases was kept" });

/**
 * The job's retention policy, once a run has committed backups (Success or Partial only: a failed or
 * cancelled run never deletes anything). Never throws and never changes the run's status: a failure
 * becomes a log line and the run's warning (returned).
 */
const runRetention = async (end: RunEnd): Promise<string | null> => {
  try {
    const exec = await db.execution.findUnique({ where: { id: end.executionId }, select: { jobId: true } });
    if (!exec?.jobId) return null;
    await end.log.flush(); // the run's own lines first
    const r = await applyRetention({ jobId: exec.jobId, executionId: end.executionId });
    if (r.deleted > 0) end.log("info", `retention: deleted ${plural(r.deleted, "old backup", "old backups")}, kept ${r.kept}`);
    if (r.errors.length === 0) return null;
    return `retention: ${plural(r.errors.length, "problem", "problems")} (${r.errors[0]})`;
  } catch (e) {
    appLog.error("retention failed after a run", { executionId: end.executionId, error: e });
    const text = `retention failed: ${e instanceof Error ? e.message : String(e)}`;
    end.log("warn", text);
    return text;
  }
};

/** Drift against the previous backups; never throws (a failure is logged, the run is not judged by it). */
const runDriftCheck = async (end: RunEnd): Promise<string[]> => {
  try {
    const found = await detectRunDrift(end.executionId);
    for (const f of found) end.log("warn", `drift: ${f}`);
    return found;
  } catch (e) {
    appLog.error("drift check failed after a run", { executionId: end.executionId, error: e });
    return [];
  }
};

export const finishRun = async (end: RunEnd): Promise<FinalRunStatus> => {
  const { databases, cause, setupError } = end;
  const status = aggregateRunStatus({
    databases,
    // A shutdown is not the run's fault: it ends Cancelled ("shutdown"), like a cancel by a person.
    cancelled: cause?.kind === "cancel" || cause?.kind === "shutdown",
    timedOut: cause?.kind === "timeout",
    failedEarly: setupError !== null,
  });
  const error = cause ? causeError(cause) : status === "Success" ? null : (setupError ?? firstRunError(databases) ?? "nothing was backed up");
  let warning = status === "Partial" || status === "Cancelled" ? partialWarning(databases) : null;
  const bytesRead = databases.reduce((n, d) => n + d.bytesRead, 0);
  const bytesStored = databases.reduce((n, d) => n + d.bytesStored, 0);
  const metadata: RunMetadata = { databases };

  await end.progress.stop();
  let drift: string[] = [];
  if (status === "Success" || status === "Partial") {
    // Before retention: the previous backup to compare with may be the one retention removes.
    drift = await runDriftCheck(end);
    if (drift.length) {
      const text = `drift: ${drift.join("; ")}`;
      warning = warning ? `${warning}; ${text}` : text;
    }
    const retentionWarning = await runRetention(end);
    if (retentionWarning) warning = warning ? `${warning}; ${retentionWarning}` : retentionWarning;
  }
  const seconds = ((performance.now() - end.startedAt) / 1000).toFixed(1);
  const summary = `${plural(databases.length, "database", "databases")}, ${formatBytes(bytesRead)} read, ${formatBytes(bytesStored)} stored, ${seconds} s`;
  end.log(status === "Success" ? "info" : status === "Partial" || status === "Cancelled" ? "warn" : "error", `${status}: ${summary}${error ? ` (${error})` : ""}`);
  await end.log.flush();

  try {
    await db.execution.update({
      where: { id: end.executionId },
      data: {
        status,
        endedAt: new Date(),
        bytesRead: BigInt(bytesRead),
        bytesStored: BigInt(bytesStored),
        step: null,
        error,
        warning,
        metadata: JSON.stringify(metadata),
      },
    });
  } catch (e) {
    appLog.error("could not record the end of a run", { executionId: end.executionId, status, error: e });
  }
  publishRunEvent(end.executionId, { type: "status", status, error, warning });
  if (drift.length) void notifyEvent({ type: "drift", executionId: end.executionId, findings: drift });
  return status;
};
