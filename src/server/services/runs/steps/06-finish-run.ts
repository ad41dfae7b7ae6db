/**
 * Step 6: the run's outcome. Aggregates the per-database results into the run status, writes the
 * Execution (status, endedAt, bytes, first error, warning, per-database metadata), and announces it
 * (a last log line, then a `status` event once everything is written).
 */
import { formatBytes } from "@/lib/backup/format-bytes";
import { type DatabaseResult, type FinalRunStatus, aggregateRunStatus, firstRunError, partialWarning } from "@/lib/backup/run-status";
import { log as appLog } from "@/lib/logger";
import { db } from "@/server/db";
import { publishRunEvent } from "@/server/runs/progress-bus";
import type { AbortCause } from "@/server/runs/run-registry";
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

const causeError = (cause: AbortCause): string => {
  switch (cause.kind) {
    case "cancel":
      return cause.by ? `cancelled by ${cause.by}` : "cancelled";
    case "timeout":
      return describeTimeout(cause.afterMs);
    case "shutdown":
      return "stopped: Bunker was shutting down";
  }
};

export const finishRun = async (end: RunEnd): Promise<FinalRunStatus> => {
  const { databases, cause, setupError } = end;
  const status = aggregateRunStatus({
    databases,
    cancelled: cause?.kind === "cancel",
    timedOut: cause?.kind === "timeout" || cause?.kind === "shutdown",
    failedEarly: setupError !== null,
  });
  const error = cause ? causeError(cause) : status === "Success" ? null : (setupError ?? firstRunError(databases) ?? "nothing was backed up");
  const warning = status === "Partial" || status === "Cancelled" ? partialWarning(databases) : null;
  const bytesRead = databases.reduce((n, d) => n + d.bytesRead, 0);
  const bytesStored = databases.reduce((n, d) => n + d.bytesStored, 0);
  const metadata: RunMetadata = { databases };

  await end.progress.stop();
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
  return status;
};
