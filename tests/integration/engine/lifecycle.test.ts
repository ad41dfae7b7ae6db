/**
 * Run lifecycle without external servers (an SQLite source and local folders): starting, the one-run-
 * per-job rule, cancel of finished and orphaned runs, recovery after a restart, set-up failures, and
 * an unencrypted, uncompressed backup that is the plain dump.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DESTINATIONS } from "@/adapters/registry";
import type { DestinationAdapter } from "@/adapters/types";
import { db } from "@/server/db";
import { isAppError } from "@/server/errors";
import { type RunEvent, subscribeRun } from "@/server/runs/progress-bus";
import { recoverInterruptedRuns } from "@/server/runs/recover-interrupted-runs";
import { getRun } from "@/server/runs/run-registry";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { filesUnder, makeDestination, makeJob, makeSource, metadataOf, resetEngineDb, runLogs, unique, waitForRun } from "./fixtures";

const USER = { kind: "user" as const, userId: "user-42", email: "ops@example.test", ip: "203.0.113.9" };

const appErrorCode = async (p: Promise<unknown>): Promise<{ code: string; message: string }> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return { code: e.code, message: e.message };
};

describe("backup run lifecycle", () => {
  let tmp: string;
  let sqliteFile: string;
  let sourceId: string;
  let destId: string;
  let destDir: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-engine-life-"));
    sqliteFile = path.join(tmp, "shop.db");
    execFileSync("sqlite3", [
      sqliteFile,
      "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) INSERT INTO t SELECT x, 'v' || x FROM c;",
    ]);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  beforeEach(async () => {
    await resetEngineDb();
    sourceId = (await makeSource("sqlite", { path: sqliteFile }, "shop-sqlite")).id;
    destDir = path.join(tmp, `dest-${unique()}`);
    destId = (await makeDestination("local", { path: destDir }, "nas")).id;
  });

  const job = (over: Partial<Parameters<typeof makeJob>[0]> = {}) => makeJob({ sourceId, destinationIds: [destId], databases: { mode: "all" }, compression: "none", ...over });

  it("refuses an unknown job (NOT_FOUND)", async () => {
    expect(await appErrorCode(startBackupRun({ jobId: "nope", trigger: "manual", actor: SYSTEM_ACTOR }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("creates a Running Execution, audits job.run, and refuses a second start while it runs (CONFLICT)", async () => {
    const j = await job({ name: "Shop nightly" });
    const events: RunEvent[] = [];
    const { executionId } = await startBackupRun({ jobId: j.id, trigger: "api", actor: USER });
    const stop = subscribeRun(executionId, (e) => events.push(e));
    const row = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
    expect(row).toMatchObject({ jobId: j.id, type: "Backup", status: "Running", trigger: "api", triggeredById: "user-42" });
    expect(row.startedAt).toBeInstanceOf(Date);
    expect(getRun(executionId)?.jobId).toBe(j.id);
    expect(await db.auditLog.findFirst({ where: { action: "job.run", resourceId: j.id } })).toMatchObject({ userId: "user-42", actorEmail: "ops@example.test", resourceType: "job" });

    expect(await appErrorCode(startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR }))).toEqual({ code: "CONFLICT", message: "Shop nightly is already running" });

    const done = await waitForRun(executionId);
    stop();
    expect(done.status).toBe("Success");
    expect(getRun(executionId)).toBeUndefined();
    expect(events.filter((e) => e.type === "status").at(-1)).toEqual({ type: "status", status: "Success", error: null, warning: null });
    expect(events.some((e) => e.type === "log" && e.message === "dumping shop")).toBe(true);

    // Finished: the job can run again
    const again = await startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR });
    expect((await waitForRun(again.executionId)).status).toBe("Success");
    expect(await db.execution.count({ where: { jobId: j.id } })).toBe(2);
  });

  it("two simultaneous starts of one job: exactly one runs", async () => {
    const j = await job();
    const results = await Promise.allSettled([
      startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR }),
      startBackupRun({ jobId: j.id, trigger: "schedule", actor: SYSTEM_ACTOR }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(isAppError(refused[0]!.reason) && refused[0]!.reason.code).toBe("CONFLICT");
    await waitForRun(ok[0]!.value.executionId);
    expect(await db.execution.count({ where: { jobId: j.id } })).toBe(1);
  });

  it("a Pending or Running Execution row (e.g. from another process) also blocks a start", async () => {
    const j = await job({ name: "Blocked job" });
    for (const status of ["Pending", "Running"]) {
      const e = await db.execution.create({ data: { jobId: j.id, type: "Backup", status, trigger: "schedule" } });
      expect(await appErrorCode(startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR }))).toEqual({ code: "CONFLICT", message: "Blocked job is already running" });
      await db.execution.update({ where: { id: e.id }, data: { status: "Failed" } });
    }
    const { executionId } = await startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR });
    expect((await waitForRun(executionId)).status).toBe("Success");
  });

  it("recoverInterruptedRuns marks Running/Pending rows Failed 'interrupted by restart' and leaves others (and live runs) alone", async () => {
    const j = await job();
    const running = await db.execution.create({ data: { jobId: j.id, type: "Backup", status: "Running", trigger: "manual", startedAt: new Date() } });
    const pending = await db.execution.create({ data: { jobId: j.id, type: "Backup", status: "Pending", trigger: "schedule" } });
    const done = await db.execution.create({ data: { jobId: j.id, type: "Backup", status: "Success", trigger: "manual", endedAt: new Date(0) } });

    expect(await recoverInterruptedRuns()).toEqual({ recovered: 2 });
    for (const id of [running.id, pending.id]) {
      const e = await db.execution.findUniqueOrThrow({ where: { id } });
      expect(e).toMatchObject({ status: "Failed", error: "interrupted by restart" });
      expect(e.endedAt).toBeInstanceOf(Date);
    }
    expect(await db.execution.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ status: "Success", error: null, endedAt: new Date(0) });

    // A run alive in this process (boot re-run by a hot reload) is not touched
    const { executionId } = await startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR });
    expect(await recoverInterruptedRuns()).toEqual({ recovered: 0 });
    expect((await waitForRun(executionId)).status).toBe("Success");
  });

  it("cancelRun: NOT_FOUND for an unknown run, a finished run keeps its status, an orphaned Running row becomes Cancelled", async () => {
    expect(await appErrorCode(cancelRun({ executionId: "nope", actor: SYSTEM_ACTOR }))).toMatchObject({ code: "NOT_FOUND" });
    const j = await job();
    const { executionId } = await startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR });
    await waitForRun(executionId);
    expect(await cancelRun({ executionId, actor: USER })).toEqual({ status: "Success" });
    expect((await db.execution.findUniqueOrThrow({ where: { id: executionId } })).status).toBe("Success");
    expect(await db.auditLog.count({ where: { action: "run.cancel" } })).toBe(0);

    const orphan = await db.execution.create({ data: { jobId: j.id, type: "Backup", status: "Running", trigger: "manual", startedAt: new Date() } });
    expect(await cancelRun({ executionId: orphan.id, actor: USER })).toEqual({ status: "Cancelled" });
    expect(await db.execution.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: "Cancelled", error: "cancelled by ops@example.test" });
    expect(await db.auditLog.count({ where: { action: "run.cancel", resourceId: orphan.id } })).toBe(1);
  });

  it("a set-up failure (the SQLite file is gone) fails the run with a clear error and logs it", async () => {
    const gone = await makeSource("sqlite", { path: path.join(tmp, "missing.db") }, "gone-sqlite");
    const j = await job({ sourceId: gone.id });
    const { executionId } = await startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId);
    expect(e.status).toBe("Failed");
    expect(e.error).toMatch(/^could not list the databases of gone-sqlite: .*missing\.db does not exist/);
    expect(metadataOf(e)).toEqual({ databases: [] });
    const logs = await runLogs(executionId);
    expect(logs.some((l) => l.startsWith("error could not list the databases of gone-sqlite"))).toBe(true);
    expect(logs.at(-1)).toMatch(/^error Failed: 0 databases/);
    expect(filesUnder(destDir)).toEqual([]);
  });

  it("without encryption and compression the artifact is the plain dump, restorable with sqlite3", async () => {
    const j = await job({ name: "Plain shop" });
    const { executionId } = await startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId);
    expect(e.status).toBe("Success");
    const [b] = await db.backup.findMany({ where: { executionId } });
    expect(b!.key).toMatch(/^plain-shop\/\d{4}-\d{2}-\d{2}\/plain-shop_shop_\d{8}T\d{6}Z\.sql$/);
    expect(b).toMatchObject({ compression: "none", encryptionProfileId: null, recipient: null });
    expect(JSON.parse(b!.manifest)).toMatchObject({ compression: { algorithm: "none", level: null }, encryption: null });
    expect(filesUnder(destDir)).toEqual([b!.key, b!.manifestKey].sort());
    const restored = path.join(tmp, `restored-${unique()}.db`);
    execFileSync("bash", ["-c", `sqlite3 '${restored}' < '${path.join(destDir, b!.key)}'`]);
    expect(execFileSync("sqlite3", [restored, "SELECT count(*), sum(id) FROM t"], { encoding: "utf8" }).trim()).toBe("2000|2001000");
    expect(Number(b!.rawBytes)).toBe(Number(b!.sizeBytes));
  });

  it.each(["commit", "manifest"] as const)("a failed %s fails that destination alone and leaves nothing of it visible", async (failing) => {
    // The real local adapter, with a fault injected into one folder's data commit or manifest write
    const real = (await DESTINATIONS.local.load()) as DestinationAdapter<{ path: string }>;
    const flaky: DestinationAdapter<{ path: string }> = {
      ...real,
      openWriter: async (config, key, ctx) => {
        const w = await real.openWriter(config, key, ctx);
        const isManifest = key.endsWith(".manifest.json");
        if (!config.path.includes("flaky") || isManifest !== (failing === "manifest")) return w;
        return {
          ...w,
          commit: async () => {
            await w.abort();
            throw new Error(`injected ${failing} failure`);
          },
        };
      },
    };
    const spy = vi.spyOn(DESTINATIONS.local, "load").mockResolvedValue(flaky as never);
    try {
      const flakyDir = path.join(tmp, `flaky-${unique()}`);
      const flakyDest = await makeDestination("local", { path: flakyDir }, "flaky");
      const j = await job({ destinationIds: [flakyDest.id, destId] });
      const { executionId } = await startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR });
      const e = await waitForRun(executionId);
      expect(e.status).toBe("Partial");
      const [flakyResult, good] = metadataOf(e).databases[0]!.destinations;
      expect(flakyResult).toMatchObject({
        name: "flaky",
        status: "failed",
        error: failing === "commit" ? "commit failed: injected commit failure" : "writing the manifest failed: injected manifest failure",
      });
      expect(good).toMatchObject({ name: "nas", status: "ok" });
      expect(filesUnder(flakyDir)).toEqual([]); // for a failed manifest, the committed data object was removed again
      expect((await db.backup.findMany({ where: { executionId } })).map((b) => b.destinationId)).toEqual([destId]);
      expect(filesUnder(destDir)).toHaveLength(2);
      expect((await runLogs(executionId)).some((l) => l.startsWith("error shop: flaky (local): "))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
