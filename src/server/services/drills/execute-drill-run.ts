/**
 * Runs one Drill Execution to its end (docs/drills.md):
 *   1. verify the job's latest backup (a full read: sha256, size, age authentication, decompression);
 *   2. restore it into a scratch database bunker_drill_<random> on the job's drill target;
 *   3. compare the per-table row counts with those recorded at backup time;
 *   4. run the job's SQL checks against the scratch database;
 *   5. the RTO: how long verification + restore took (what a real restore through Bunker takes);
 *   6. drop every scratch database, ALWAYS: failure, cancel, timeout (the drill's time budget) alike.
 * The outcome is a DrillResult row plus the Execution (Success = passed). Never rejects.
 */
import { randomBytes } from "node:crypto";
import { isAdapterError } from "@/adapters/errors";
import { formatBytes } from "@/lib/backup/format-bytes";
import { isBackupReadError } from "@/lib/backup/read-pipeline";
import { type TableRows, compareCounts, describeCountFailures } from "@/lib/drills/compare-counts";
import { checkSqlError, normalizeCheckSql } from "@/lib/drills/check-sql";
import { meetsExpectation, parseExpectation } from "@/lib/drills/expectation";
import { DRILL_DB_PREFIX, type DrillSettings, parseDrillSettings } from "@/lib/drills/settings";
import { log as appLog } from "@/lib/logger";
import { db } from "@/server/db";
import { isAppError } from "@/server/errors";
import { publishRunEvent } from "@/server/runs/progress-bus";
import { abortRun, getRun, registerRun, type RunEntry, unregisterRun } from "@/server/runs/run-registry";
import type { OpenedSource } from "../adapters/open-adapter";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { openRestoreTarget } from "../restore/open-restore-target";
import { notifyEvent } from "../notifications/notify-event";
import { RestoreFailure, restoreStoredBackup, verifyStoredBackup } from "../restore/restore-steps";
import { preflightRestore } from "../restore/preflight-restore";
import { createRunLogger, type RunLogger } from "../runs/append-run-log";
import { createRunProgress } from "../runs/run-progress";
import { describeAbortCause } from "../runs/steps/06-finish-run";
import type { DrillCheckResult, DrillTableCount } from "./drill-result";
import { type DrillBackup, pickDrillBackups } from "./pick-drill-backups";
import { dropScratchDatabase, markScratch, recordScratch } from "./scratch-journal";
import { countedTables } from "../runs/table-counts";

class DrillFailure extends Error {
  override readonly name = "DrillFailure";
}

const message = (e: unknown): string => (e instanceof Error ? e.message || e.name : String(e));


export const scratchName = (): string => `${DRILL_DB_PREFIX}${randomBytes(6).toString("hex")}`;

const parseTables = (json: string | null): TableRows[] | null => {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as TableRows[]) : null;
  } catch {
    return null;
  }
};

type Scratch = { source: OpenedSource | null; targetSourceId: string; database: string; backup: DrillBackup };

type DrillRun = { executionId: string; signal: AbortSignal; log: RunLogger; progress: ReturnType<typeof createRunProgress> };

type DrillState = {
  scratch: Scratch[];
  tables: DrillTableCount[];
  checks: DrillCheckResult[];
  rtoMs: number | null;
  rows: number;
  failures: string[];
  /** Picked scratch names, released once every scratch database is dropped */
  held: { targetSourceId: string; database: string }[];
};

/** Marks the backup as verified (or not): the drill read it in full, as the verify task would. */
const recordVerification = async (backupId: string, error: string | null) => {
  await db.backup
    .update({ where: { id: backupId }, data: error ? { verifiedAt: new Date(), verifyStatus: "failed", verifyError: error } : { verifiedAt: new Date(), verifyStatus: "ok", verifyError: null } })
    .catch(() => undefined);
};

/** Scratch databases held by this process's running drills, per target: a Redis index stays empty until the restore writes. */
const held = new Map<string, Set<string>>();
/** Picks on one target, one after the other: two drills looking at once would both see the same empty index. */
const picking = new Map<string, Promise<unknown>>();
const release = (targetSourceId: string, database: string) => held.get(targetSourceId)?.delete(database);

/** The scratch database's name: ours, unless the engine has no named databases (Redis picks an empty index). Held until released. */
const pickScratchDatabase = (targetSourceId: string, signal: AbortSignal): Promise<string> => {
  const pick = async (): Promise<string> => {
    const name = scratchName();
    const target = await openRestoreTarget(targetSourceId);
    const taken = held.get(targetSourceId) ?? new Set<string>();
    held.set(targetSourceId, taken);
    const scratchDatabase = target.adapter.scratchDatabase?.bind(target.adapter);
    const database = scratchDatabase ? await withAdapterContext((ctx) => scratchDatabase(target.config, name, ctx, [...taken]), signal) : name;
    taken.add(database);
    return database;
  };
  const next = (picking.get(targetSourceId) ?? Promise.resolve()).then(pick, pick);
  picking.set(targetSourceId, next.catch(() => undefined));
  return next;
};

const drillDatabase = async (backup: DrillBackup, settings: DrillSettings, st: DrillState, run: DrillRun) => {
  const targetSourceId = settings.targetSourceId as string;
  const { signal, log, progress } = run;
  const database = await pickScratchDatabase(targetSourceId, signal);
  st.held.push({ targetSourceId, database });

  progress.setStep(`preflight of ${database}`);
  const pre = await preflightRestore({ backupId: backup.id, targetSourceId, database, overwrite: false, signal });
  for (const i of pre.items) if (i.status !== "ok") log(i.status === "fail" ? "error" : "warn", `preflight: ${i.label}: ${i.message}`);
  if (!pre.ok) throw new DrillFailure(`preflight failed: ${pre.items.filter((i) => i.status === "fail").map((i) => `${i.label}: ${i.message}`).join("; ")}`);

  const started = performance.now();
  progress.setStep(`verifying ${backup.key}`);
  const verifying = progress.track();
  let sb;
  try {
    sb = await verifyStoredBackup(backup.id, signal, log, (n) => {
      verifying.read = n;
      progress.changed();
    });
  } catch (e) {
    if (!signal.aborted && (e instanceof RestoreFailure || isBackupReadError(e))) await recordVerification(backup.id, message(e));
    throw e;
  }
  await recordVerification(backup.id, null);
  if (signal.aborted) throw new DrillFailure("stopped");

  // Recorded (in memory and in the run's metadata) before the restore starts: whatever happens next,
  // even a crash, this name is dropped (at the end, or by the scratch sweep after a restart).
  const scratch: Scratch = { source: null, targetSourceId, database, backup };
  st.scratch.push(scratch);
  await recordScratch(run.executionId, targetSourceId, database);
  progress.setStep(`restoring ${backup.databaseName} into ${database}`);
  const restoring = progress.track();
  scratch.source = await restoreStoredBackup(sb, { targetSourceId, database, overwrite: false }, {
    signal,
    log,
    onBytes: (n) => {
      restoring.stored = n;
      progress.changed();
    },
  });
  const ms = performance.now() - started;
  st.rtoMs = (st.rtoMs ?? 0) + ms;
  log("info", `restored ${backup.databaseName} (${formatBytes(restoring.stored)} stored) into ${database} in ${(ms / 1000).toFixed(1)} s`);

  const source = scratch.source;
  if (!source.adapter.inspect) {
    log("warn", `${source.adapterId} cannot count rows: the count comparison is skipped`);
    return;
  }
  progress.setStep(`counting rows in ${database}`);
  const inspect = source.adapter.inspect.bind(source.adapter);
  const restored = countedTables(await withAdapterContext((ctx) => inspect(source.config, database, ctx), signal)) ?? [];
  st.rows += restored.reduce((n, t) => n + t.rows, 0);
  const expected = parseTables(backup.tableCounts);
  if (!expected) log("warn", `${backup.databaseName}: no row counts were recorded at backup time: only the restored counts are listed`);
  const compared = compareCounts(expected ?? [], restored, settings.countTolerancePercent);
  st.tables.push(...compared.map((c) => ({ ...c, database: backup.databaseName })));
  const bad = describeCountFailures(compared);
  if (bad) {
    st.failures.push(`${backup.databaseName}: row counts differ: ${bad}`);
    log("error", `${backup.databaseName}: row counts differ from the backup's: ${bad}`);
  } else if (expected) {
    log("info", `${backup.databaseName}: ${compared.length} tables, row counts match the backup's`);
  }
};

const runChecks = async (settings: DrillSettings, st: DrillState, run: DrillRun) => {
  for (const check of settings.checks) {
    if (run.signal.aborted) return;
    const scratch = check.database ? st.scratch.find((s) => s.backup.databaseName === check.database) : st.scratch[0];
    const base = { name: check.name, sql: check.sql, expectation: check.expectation, database: check.database ?? scratch?.backup.databaseName ?? "" };
    const fail = (error: string, actual: string | null = null) => {
      st.checks.push({ ...base, actual, passed: false, error });
      st.failures.push(`check "${check.name}": ${error}`);
      run.log("error", `check "${check.name}": ${error}`);
    };
    if (!scratch?.source) {
      fail(check.database ? `database ${check.database} was not part of the drilled backup` : "nothing was restored");
      continue;
    }
    const source = scratch.source;
    if (!source.adapter.queryValue) {
      fail(`${source.adapterId} cannot run SQL checks`);
      continue;
    }
    // Saved checks were validated when the job was saved; a check saved before a rule existed fails here.
    const sqlError = checkSqlError(check.sql);
    if (sqlError) {
      fail(sqlError);
      continue;
    }
    let expectation;
    try {
      expectation = parseExpectation(check.expectation);
    } catch (e) {
      fail(message(e));
      continue;
    }
    run.progress.setStep(`check: ${check.name}`);
    const query = source.adapter.queryValue.bind(source.adapter);
    try {
      const actual = await withAdapterContext((ctx) => query(source.config, scratch.database, normalizeCheckSql(check.sql), ctx), run.signal);
      if (meetsExpectation(expectation, actual)) {
        st.checks.push({ ...base, actual, passed: true });
        run.log("info", `check "${check.name}": ${actual ?? "NULL"} ${check.expectation}: passed`);
      } else {
        fail(`got ${actual ?? "NULL"}, expected ${check.expectation}`, actual);
      }
    } catch (e) {
      if (run.signal.aborted) throw e;
      fail(`the query failed: ${message(e)}`);
    }
  }
};

/** Step 6: never throws; returns what could not be dropped (the scratch sweep retries those hourly). */
const dropScratch = async (executionId: string, st: DrillState, log: RunLogger): Promise<string[]> => {
  const left: string[] = [];
  for (const s of st.scratch) {
    try {
      await dropScratchDatabase(s.targetSourceId, s.database);
      await markScratch(executionId, s, { status: "dropped" });
      log("info", `dropped the scratch database ${s.database}`);
    } catch (e) {
      left.push(s.database);
      await markScratch(executionId, s, { status: "pending", error: message(e) }).catch(() => undefined);
      log("error", `could not drop the scratch database ${s.database}: ${message(e)}; the hourly drill scratch cleanup tries again`);
    }
  }
  return left;
};

export const executeDrillRun = async (executionId: string): Promise<void> => {
  const log = createRunLogger(executionId);
  const progress = createRunProgress(executionId);
  let entry: RunEntry | undefined = getRun(executionId);
  let timer: NodeJS.Timeout | undefined;
  let status: "Success" | "Failed" | "Cancelled" = "Failed";
  let error: string | null = null;
  let jobId: string | null = null;
  let exists = true;
  let firstBackupId: string | null = null;
  const st: DrillState = { scratch: [], tables: [], checks: [], rtoMs: null, rows: 0, failures: [], held: [] };
  const started = performance.now();
  try {
    const exec = await db.execution.findUnique({ where: { id: executionId }, select: { status: true, startedAt: true, jobId: true } });
    if (!exec || (exec.status !== "Pending" && exec.status !== "Running")) {
      exists = false;
      return;
    }
    jobId = exec.jobId;
    entry ??= registerRun(executionId, null);
    if (exec.status !== "Running" || !exec.startedAt) {
      await db.execution.update({ where: { id: executionId }, data: { status: "Running", startedAt: exec.startedAt ?? new Date() } });
    }
    publishRunEvent(executionId, { type: "status", status: "Running", error: null, warning: null });
    if (!jobId) throw new DrillFailure("the job no longer exists");
    const job = await db.job.findUnique({ where: { id: jobId }, select: { name: true, drill: true } });
    if (!job) throw new DrillFailure("the job no longer exists");
    const settings = parseDrillSettings(job.drill);
    if (!settings.targetSourceId) throw new DrillFailure("no scratch target is set for this job's drills");
    const signal = entry.controller.signal;
    const afterMs = settings.timeBudgetMinutes * 60_000;
    timer = setTimeout(() => abortRun(executionId, { kind: "timeout", afterMs }), afterMs);
    timer.unref?.();

    const backups = await pickDrillBackups(jobId);
    if (backups.length === 0) throw new DrillFailure(`${job.name} has no backup to drill`);
    firstBackupId = backups[0]?.id ?? null;
    log("info", `restore drill of ${job.name}: ${backups.map((b) => b.key).join(", ")}; ${settings.checks.length} checks; budget ${settings.timeBudgetMinutes} min`);

    for (const b of backups) {
      await drillDatabase(b, settings, st, { executionId, signal, log, progress });
      if (signal.aborted) throw new DrillFailure("stopped");
    }
    await runChecks(settings, st, { executionId, signal, log, progress });
    if (signal.aborted) throw new DrillFailure("stopped");
    if (st.failures.length) throw new DrillFailure(st.failures.join("; "));
    status = "Success";
  } catch (e) {
    const cause = entry?.cause ?? null;
    if (cause) {
      status = cause.kind === "timeout" ? "Failed" : "Cancelled";
      error = describeAbortCause(cause, { timeoutPrefix: "time budget exceeded: " });
    } else {
      status = "Failed";
      const known = e instanceof DrillFailure || e instanceof RestoreFailure || isAppError(e) || isAdapterError(e);
      error = known ? message(e) : `unexpected error: ${message(e)}`;
      if (!known) appLog.error("drill run failed unexpectedly", { executionId, error: e });
    }
  } finally {
    clearTimeout(timer);
    if (exists) {
      try {
        progress.setStep("dropping the scratch database");
        const left = await dropScratch(executionId, st, log);
        for (const h of st.held) release(h.targetSourceId, h.database);
        if (left.length && status === "Success") {
          status = "Failed";
          error = `the scratch database ${left.join(", ")} could not be dropped`;
        }
        await progress.stop();
        const totals = progress.totals();
        const rtoMs = st.rtoMs === null ? null : Math.round(st.rtoMs);
        const passedChecks = st.checks.filter((c) => c.passed).length;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const what = rtoMs === null ? "" : `, restored ${st.rows.toLocaleString("en-US")} rows in ${(rtoMs / 1000).toFixed(1)} s, ${passedChecks}/${st.checks.length} checks passed`;
        log(status === "Success" ? "info" : status === "Cancelled" ? "warn" : "error", `${status === "Success" ? "passed" : status}: ${seconds} s${what}${error ? ` (${error})` : ""}`);
        await log.flush();
        await db.execution.update({
          where: { id: executionId },
          data: { status, endedAt: new Date(), bytesRead: BigInt(totals.bytesRead), bytesStored: BigInt(totals.bytesStored), step: null, error },
        });
        if (jobId) {
          // Cancelled drills are kept too (what was restored before the cancel), but never count as the last drill.
          await db.drillResult.create({
            data: {
              executionId,
              jobId,
              backupId: firstBackupId,
              status: status === "Success" ? "passed" : status === "Cancelled" ? "cancelled" : "failed",
              rtoMs,
              tableCounts: JSON.stringify(st.tables),
              checks: JSON.stringify(st.checks),
              error,
            },
          });
        }
        publishRunEvent(executionId, { type: "status", status, error, warning: null });
        if (status !== "Cancelled") void notifyEvent({ type: status === "Success" ? "drill.passed" : "drill.failed", executionId });
      } catch (e) {
        appLog.error("could not record the end of a drill run", { executionId, error: e });
      }
    }
    unregisterRun(executionId);
  }
};
