/**
 * System tasks against the real app DB: orphan GC on a real local destination (only old, uncommitted,
 * Bunker-shaped objects go), log pruning (only rows older than each table's retention setting), and the
 * enabled flag / Run now recording the last result.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { collectOrphans } from "@/server/services/maintenance/collect-orphans";
import { pruneLogs } from "@/server/services/maintenance/prune-logs";
import { listSystemTasks } from "@/server/services/system-tasks/list-system-tasks";
import { runSystemTaskNow } from "@/server/services/system-tasks/run-system-task-now";
import { setSystemTaskEnabled } from "@/server/services/system-tasks/set-system-task-enabled";
import { ZSetTaskEnabled } from "@/server/services/system-tasks/system-tasks.schema";
import { isTaskEnabled } from "@/server/tasks/task-state";
import { resetEngineDb, unique } from "./engine/fixtures";

const DAY = 86_400_000;

describe("system tasks", () => {
  let tmp: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-system-tasks-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  beforeEach(resetEngineDb);

  describe("orphan GC", () => {
    let dir: string;
    let destId: string;

    const put = (key: string, ageMs: number) => {
      const file = path.join(dir, ...key.split("/"));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, "x");
      const t = new Date(Date.now() - ageMs);
      fs.utimesSync(file, t, t);
    };
    const exists = (key: string) => fs.existsSync(path.join(dir, ...key.split("/")));

    beforeEach(async () => {
      dir = path.join(tmp, `dest-${unique()}`);
      fs.mkdirSync(dir, { recursive: true });
      destId = (await createAdapterConfig({ kind: "destination", data: { adapterId: "local", name: `nas-${unique()}`, config: { path: dir } }, actor: SYSTEM_ACTOR })).id;
    });

    it("deletes only old, uncommitted, Bunker-shaped artifacts", async () => {
      const committed = "shop/2026-11-01/shop_main_20261101T000000Z.sql.zst";
      const orphan = "shop/2026-11-02/shop_main_20261102T000000Z.sql.zst";
      const young = "shop/2026-11-03/shop_main_20261103T000000Z.sql.zst";
      const rowOnly = "shop/2026-11-04/shop_main_20261104T000000Z.sql.zst";
      const strayManifest = "shop/2026-11-05/shop_main_20261105T000000Z.sql.zst.manifest.json";
      const foreign = ["notes.txt", "Other Stuff/2026-11-02/file.bin", "shop/old/file.sql"];
      put(committed, 3 * DAY);
      put(`${committed}.manifest.json`, 3 * DAY);
      put(orphan, 2 * DAY);
      put(young, 60_000);
      put(rowOnly, 3 * DAY);
      put(strayManifest, 5 * DAY);
      for (const k of foreign) put(k, 10 * DAY);
      await db.backup.create({
        data: { destinationId: destId, databaseName: "main", engine: "sqlite", key: rowOnly, manifestKey: `${rowOnly}.manifest.json`, sizeBytes: 1n, sha256: "0", compression: "zstd", manifest: "{}" },
      });

      const r = await collectOrphans();

      expect(r.errors).toEqual([]);
      expect(r.deleted).toBe(1);
      expect(exists(orphan)).toBe(false);
      for (const k of [committed, `${committed}.manifest.json`, young, rowOnly, strayManifest, ...foreign]) expect(exists(k), k).toBe(true);
      const audit = await db.auditLog.findFirstOrThrow({ where: { action: "system.orphan_gc" } });
      expect(audit.details).toContain(orphan);
    });

    it("reports a destination it cannot list and carries on", async () => {
      await db.adapterConfig.update({ where: { id: destId }, data: { config: JSON.stringify({}) } });
      const r = await collectOrphans();
      expect(r.deleted).toBe(0);
      expect(r.errors).toHaveLength(1);
    });
  });

  describe("log pruning", () => {
    it("deletes only rows older than each table's retention, in batches", async () => {
      const now = new Date();
      const ago = (days: number) => new Date(now.getTime() - days * DAY);
      // Defaults: run logs 90 days, health checks 30 days, audit 365 days.
      const exec = await db.execution.create({ data: { type: "backup", trigger: "manual" } });
      await db.executionLog.createMany({
        data: [
          ...Array.from({ length: 7 }, () => ({ executionId: exec.id, at: ago(91), message: "old" })),
          { executionId: exec.id, at: ago(89), message: "recent" },
        ],
      });
      const dest = await createAdapterConfig({ kind: "destination", data: { adapterId: "local", name: `nas-${unique()}`, config: { path: tmp } }, actor: SYSTEM_ACTOR });
      await db.healthCheckLog.createMany({
        data: [
          { adapterConfigId: dest.id, status: "ONLINE", checkedAt: ago(31) },
          { adapterConfigId: dest.id, status: "ONLINE", checkedAt: ago(29) },
        ],
      });
      await db.auditLog.createMany({
        data: [
          { action: "test.old", createdAt: ago(366) },
          { action: "test.recent", createdAt: ago(364) },
        ],
      });

      const r = await pruneLogs({ now, batchSize: 3 });

      expect(r).toEqual({ executionLogs: 7, healthChecks: 1, auditLogs: 1 });
      expect((await db.executionLog.findMany()).map((l) => l.message)).toEqual(["recent"]);
      expect(await db.healthCheckLog.count({ where: { adapterConfigId: dest.id } })).toBe(1);
      expect(await db.auditLog.count({ where: { action: "test.old" } })).toBe(0);
      expect(await db.auditLog.count({ where: { action: "test.recent" } })).toBe(1);
    });
  });

  describe("enabled flag and Run now", () => {
    it("lists every task, enabled by default and never run", async () => {
      const tasks = await listSystemTasks();
      expect(tasks.map((t) => t.id)).toEqual(["health-checks", "retention-sweep", "orphan-gc", "log-prune", "verify-backups", "missing-backups", "config-backup", "scheduled-drills", "recovery-objectives", "drill-scratch-cleanup"]);
      for (const t of tasks) {
        expect(t.enabled).toBe(true);
        expect(t.lastResult).toBeNull();
        expect(t.intervalMs).toBeGreaterThan(0);
      }
    });

    it("stores the enabled flag and audits the change", async () => {
      await setSystemTaskEnabled({ id: "orphan-gc", enabled: false, actor: SYSTEM_ACTOR });
      expect(await isTaskEnabled("orphan-gc")).toBe(false);
      expect((await listSystemTasks()).find((t) => t.id === "orphan-gc")?.enabled).toBe(false);
      await setSystemTaskEnabled({ id: "orphan-gc", enabled: true, actor: SYSTEM_ACTOR });
      expect(await isTaskEnabled("orphan-gc")).toBe(true);
      expect(await db.auditLog.count({ where: { action: "system_task.update", resourceId: "orphan-gc" } })).toBe(2);
      expect(ZSetTaskEnabled.safeParse({ id: "nope", enabled: true }).success).toBe(false);
    });

    it("Run now works while disabled and records the last result", async () => {
      await setSystemTaskEnabled({ id: "log-prune", enabled: false, actor: SYSTEM_ACTOR });
      const result = await runSystemTaskNow({ id: "log-prune", actor: SYSTEM_ACTOR });
      expect(result.ok).toBe(true);
      expect(result.summary).toMatch(/^Deleted 0 run log lines/);
      const listed = (await listSystemTasks()).find((t) => t.id === "log-prune");
      expect(listed?.lastResult).toEqual(result);
      expect(listed?.running).toBe(false);
      expect(await db.auditLog.count({ where: { action: "system_task.run", resourceId: "log-prune" } })).toBe(1);
    });

    it("records a failing run as not ok", async () => {
      const dest = await createAdapterConfig({ kind: "destination", data: { adapterId: "local", name: `nas-${unique()}`, config: { path: tmp } }, actor: SYSTEM_ACTOR });
      await db.adapterConfig.update({ where: { id: dest.id }, data: { config: JSON.stringify({}) } });
      const result = await runSystemTaskNow({ id: "orphan-gc", actor: SYSTEM_ACTOR });
      expect(result.ok).toBe(false);
      expect(result.summary).toContain("1 error");
      expect((await listSystemTasks()).find((t) => t.id === "orphan-gc")?.lastResult?.ok).toBe(false);
    });
  });
});
