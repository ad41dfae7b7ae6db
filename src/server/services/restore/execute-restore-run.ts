/**
 * Runs one Restore Execution to its end, in this order:
 *   a. preflight (refused with its failing items);
 *   b. a full verification pass over the stored backup (sha256, size, age authentication,
 *      decompression) BEFORE anything touches the target: a damaged backup or a wrong key ends the run
 *      Failed and the target untouched;
 *   c. read → decrypt → decompress → the adapter's restore (a database it created is removed again if
 *      the restore fails; an existing one is only touched now, after the verification passed);
 *   d. a summary of the restored database (row counts / key count) into the metadata.
 * Progress: bytesRead counts the stored bytes verified, bytesStored the stored bytes fed to the restore.
 * Never rejects: every outcome ends up on the Execution row.
 */
import { isAdapterError } from "@/adapters/errors";
import type { RestoreInspection } from "@/adapters/types";
import { formatBytes } from "@/lib/backup/format-bytes";
import { log as appLog } from "@/lib/logger";
import { db } from "@/server/db";
import { isAppError } from "@/server/errors";
import { publishRunEvent } from "@/server/runs/progress-bus";
import { takeRestoreCredentials } from "@/server/runs/restore-credentials";
import { abortRun, getRun, registerRun, type RunEntry, unregisterRun } from "@/server/runs/run-registry";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { createRunLogger } from "../runs/append-run-log";
import { createRunProgress } from "../runs/run-progress";
import { notifyEvent } from "../notifications/notify-event";
import { describeAbortCause } from "../runs/steps/06-finish-run";
import { getSetting } from "../settings/get-settings";
import { preflightRestore } from "./preflight-restore";
import { type RestoreMetadata, restoreMetadataJson } from "./restore-metadata";
import { RestoreFailure, restoreStoredBackup, verifyStoredBackup } from "./restore-steps";

const message = (e: unknown): string => (e instanceof Error ? e.message || e.name : String(e));


const parseParams = (json: string | null): RestoreMetadata | null => {
  try {
    const r = (JSON.parse(json ?? "null") as { restore?: RestoreMetadata } | null)?.restore;
    return r && typeof r.backupId === "string" && typeof r.database === "string" && typeof r.targetSourceId === "string" ? r : null;
  } catch {
    return null;
  }
};

export const describeInspection = (s: RestoreInspection): string => {
  if (s.keys !== undefined) return `${s.keys} ${s.keys === 1 ? "key" : "keys"}`;
  const tables = s.tables ?? [];
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  return `${tables.length}${s.truncated ? "+" : ""} ${tables.length === 1 ? "table" : "tables"}, ${rows.toLocaleString("en-US")} rows`;
};

export const executeRestoreRun = async (executionId: string): Promise<void> => {
  const log = createRunLogger(executionId);
  const progress = createRunProgress(executionId);
  const credentials = takeRestoreCredentials(executionId);
  let entry: RunEntry | undefined = getRun(executionId);
  let timer: NodeJS.Timeout | undefined;
  let meta: RestoreMetadata | null = null;
  let status: "Success" | "Failed" | "Cancelled" = "Failed";
  let error: string | null = null;
  let exists = true;
  const started = performance.now();
  try {
    const exec = await db.execution.findUnique({ where: { id: executionId }, select: { status: true, startedAt: true, metadata: true } });
    if (!exec || (exec.status !== "Pending" && exec.status !== "Running")) {
      exists = false;
      return;
    }
    entry ??= registerRun(executionId, null);
    if (exec.status !== "Running" || !exec.startedAt) {
      await db.execution.update({ where: { id: executionId }, data: { status: "Running", startedAt: exec.startedAt ?? new Date() } });
    }
    publishRunEvent(executionId, { type: "status", status: "Running", error: null, warning: null });
    meta = parseParams(exec.metadata);
    if (!meta) throw new RestoreFailure("the restore's parameters are missing from the run");
    const signal = entry.controller.signal;
    const afterMs = (await getSetting("runs.timeoutMinutes")) * 60_000;
    timer = setTimeout(() => abortRun(executionId, { kind: "timeout", afterMs }), afterMs);
    timer.unref?.();

    log(
      "info",
      `restore of ${meta.key} (${meta.engine}, ${meta.backupDatabase}, from ${meta.destinationName}) into ${meta.database} on ${meta.targetSourceName}` +
        `${meta.overwrite ? ", overwriting" : ""}${meta.privilegedLogin ? ", with a privileged login given for this restore" : ""}`,
    );

    // a. preflight
    progress.setStep("preflight");
    const pre = await preflightRestore({
      backupId: meta.backupId,
      targetSourceId: meta.targetSourceId,
      database: meta.database,
      overwrite: meta.overwrite,
      confirm: meta.overwrite ? meta.database : undefined, // confirmed when the run was started
      credentials,
      signal,
    });
    for (const i of pre.items) log(i.status === "fail" ? "error" : i.status === "warn" ? "warn" : "info", `preflight: ${i.label}: ${i.message}`);
    meta.checks = pre.items.map((i) => ({ label: i.label, status: i.status, message: i.message }));
    meta.targetServerVersion = pre.target.serverVersion;
    if (signal.aborted) throw new RestoreFailure("stopped");
    if (!pre.ok) throw new RestoreFailure(`preflight failed: ${pre.items.filter((i) => i.status === "fail").map((i) => `${i.label}: ${i.message}`).join("; ")}`);

    // b. verification, before anything touches the target
    const verifying = progress.track();
    progress.setStep("verifying the backup");
    const sb = await verifyStoredBackup(meta.backupId, signal, log, (n) => {
      verifying.read = n;
      progress.changed();
    });
    meta.verified = { storedBytes: verifying.read, sha256: sb.backup.sha256 };
    if (signal.aborted) throw new RestoreFailure("stopped");

    // c. restore
    const restoring = progress.track();
    progress.setStep(`restoring into ${meta.database}`);
    const source = await restoreStoredBackup(sb, { targetSourceId: meta.targetSourceId, database: meta.database, overwrite: meta.overwrite }, {
      signal,
      log,
      credentials,
      onBytes: (n) => {
        restoring.stored = n;
        progress.changed();
      },
    });
    log("info", `restored ${formatBytes(restoring.stored)} of backup into ${meta.database} on ${meta.targetSourceName}`);

    // d. what arrived
    if (source.adapter.inspect) {
      progress.setStep("inspecting the restored database");
      try {
        const inspect = source.adapter.inspect.bind(source.adapter);
        meta.summary = await withAdapterContext((ctx) => inspect(source.config, meta?.database ?? "", ctx), signal);
        log("info", `restored database: ${describeInspection(meta.summary)}`);
      } catch (e) {
        meta.summaryError = message(e);
        log("warn", `the restore succeeded, but its summary could not be read: ${meta.summaryError}`);
      }
    }
    status = "Success";
  } catch (e) {
    const cause = entry?.cause ?? null;
    if (cause) {
      status = cause.kind === "timeout" ? "Failed" : "Cancelled";
      error = describeAbortCause(cause);
    } else {
      status = "Failed";
      error = e instanceof RestoreFailure || isAppError(e) || isAdapterError(e) ? message(e) : `unexpected error: ${message(e)}`;
      if (!(e instanceof RestoreFailure) && !isAppError(e) && !isAdapterError(e)) appLog.error("restore run failed unexpectedly", { executionId, error: e });
    }
  } finally {
    clearTimeout(timer);
    if (exists) {
      try {
        await progress.stop();
        const totals = progress.totals();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        log(status === "Success" ? "info" : status === "Cancelled" ? "warn" : "error", `${status}: ${seconds} s${error ? ` (${error})` : ""}`);
        await log.flush();
        await db.execution.update({
          where: { id: executionId },
          data: {
            status,
            endedAt: new Date(),
            bytesRead: BigInt(totals.bytesRead),
            bytesStored: BigInt(totals.bytesStored),
            step: null,
            error,
            ...(meta ? { metadata: restoreMetadataJson(meta) } : {}),
          },
        });
        publishRunEvent(executionId, { type: "status", status, error, warning: null });
        if (status !== "Cancelled") void notifyEvent({ type: status === "Success" ? "restore.success" : "restore.failed", executionId });
      } catch (e) {
        appLog.error("could not record the end of a restore run", { executionId, error: e });
      }
    }
    unregisterRun(executionId);
  }
};
