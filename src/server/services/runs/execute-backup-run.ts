/**
 * Runs one backup Execution to its end: open the adapters (1), resolve the databases (2), back them up
 * two at a time (3–5, see backup-database.ts), record the outcome (6). Started in the background by
 * startBackupRun; never rejects, whatever happens: every outcome ends up on the Execution row.
 */
import { mapBounded } from "@/lib/backup/concurrency";
import type { DatabaseResult } from "@/lib/backup/run-status";
import { log as appLog } from "@/lib/logger";
import { db } from "@/server/db";
import { publishRunEvent } from "@/server/runs/progress-bus";
import { abortRun, getRun, registerRun, type RunEntry, unregisterRun } from "@/server/runs/run-registry";
import { getSetting } from "../settings/get-settings";
import { createRunLogger } from "./append-run-log";
import { backupDatabase } from "./backup-database";
import { createRunProgress } from "./run-progress";
import { describeDestination, errorMessage, type RunContext } from "./run-context";
import { openRunAdapters, RunSetupError } from "./steps/01-open-adapters";
import { resolveDatabases } from "./steps/02-resolve-databases";
import { startDrillAfterBackup } from "../drills/drill-after-backup";
import { notifyEvent } from "../notifications/notify-event";
import { finishRun } from "./steps/06-finish-run";

/** Databases dumped at the same time within one run */
export const DATABASE_CONCURRENCY = 2;

export const executeBackupRun = async (executionId: string): Promise<void> => {
  const startedAt = performance.now();
  const log = createRunLogger(executionId);
  const progress = createRunProgress(executionId);
  let entry: RunEntry | undefined = getRun(executionId);
  let exists = true;
  let timer: NodeJS.Timeout | undefined;
  let databases: DatabaseResult[] = [];
  let setupError: string | null = null;
  try {
    const exec = await db.execution.findUnique({ where: { id: executionId }, select: { id: true, jobId: true, status: true, startedAt: true } });
    if (!exec) {
      exists = false;
      appLog.error("executeBackupRun: no such execution", { executionId });
      return;
    }
    if (exec.status !== "Pending" && exec.status !== "Running") {
      exists = false; // already ended (cancelled while queued, recovered …): leave it as it is
      appLog.warn("executeBackupRun: the execution has already ended", { executionId, status: exec.status });
      return;
    }
    entry ??= registerRun(executionId, exec.jobId);
    if (exec.status !== "Running" || !exec.startedAt) {
      await db.execution.update({ where: { id: executionId }, data: { status: "Running", startedAt: exec.startedAt ?? new Date() } });
    }
    publishRunEvent(executionId, { type: "status", status: "Running", error: null, warning: null });
    if (!exec.jobId) throw new RunSetupError("the job no longer exists");

    progress.setStep("preparing");
    const opened = await openRunAdapters(exec.jobId);
    const timeoutSeconds = opened.timeoutSeconds ?? (await getSetting("runs.timeoutMinutes")) * 60;
    const afterMs = timeoutSeconds * 1000;
    timer = setTimeout(() => abortRun(executionId, { kind: "timeout", afterMs }), afterMs);
    timer.unref?.();

    const run: RunContext = { executionId, ...opened, signal: entry.controller.signal, log, progress, usedKeys: new Set() };
    const level = opened.job.compressionLevel === null ? "" : ` ${opened.job.compressionLevel}`;
    log(
      "info",
      `job ${opened.job.name}: ${opened.source.name} (${opened.source.adapterId}) → ${opened.destinations.map(describeDestination).join(", ")}; ` +
        `compression ${opened.job.compression}${level}; ${opened.encryption ? "encrypted with age" : "not encrypted"}`,
    );
    const names = await resolveDatabases(run);
    databases = await mapBounded(names, DATABASE_CONCURRENCY, (name, i) => backupDatabase(run, name, i, names.length));
  } catch (e) {
    setupError = e instanceof RunSetupError ? e.message : `unexpected error: ${errorMessage(e)}`;
    if (!entry?.controller.signal.aborted) log("error", setupError);
    if (!(e instanceof RunSetupError)) appLog.error("backup run failed unexpectedly", { executionId, error: e });
  } finally {
    clearTimeout(timer);
    if (exists) {
      try {
        const status = await finishRun({ executionId, databases, cause: entry?.cause ?? null, setupError, startedAt, log, progress });
        // A cancel was someone's decision (or a shutdown): nobody needs telling.
        if (status !== "Cancelled") void notifyEvent({ type: status === "Success" ? "backup.success" : status === "Partial" ? "backup.partial" : "backup.failed", executionId });
        if (status === "Success" || status === "Partial") void startDrillAfterBackup(executionId);
      } catch (e) {
        appLog.error("could not finish a backup run", { executionId, error: e });
      }
    }
    unregisterRun(executionId);
  }
};
