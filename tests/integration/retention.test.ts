/**
 * Retention against the real app DB and a real local destination: the files and rows a keep-last
 * policy lets go are deleted (manifest before data), the newest and locked backups stay, a destination
 * that cannot delete leaves its rows and reports errors, and the engine applies retention after a
 * successful run but never after a failed one.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { localDestination } from "@/adapters/destinations/local";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { applyRetention } from "@/server/services/retention/apply-retention";
import { previewJobRetention } from "@/server/services/retention/preview-job-retention";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { filesUnder, makeDestination, makeJob, makeSource, resetEngineDb, runLogs, unique, waitForRun } from "./engine/fixtures";

const DAY = 86_400_000;
const NOW = new Date("2026-11-23T12:00:00Z");

describe("retention", () => {
  let tmp: string;
  let sqliteFile: string;
  let sourceId: string;
  let destId: string;
  let destDir: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-retention-"));
    sqliteFile = path.join(tmp, "shop.db");
    execFileSync("sqlite3", [sqliteFile, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b');"]);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  beforeEach(async () => {
    await resetEngineDb();
    sourceId = (await makeSource("sqlite", { path: sqliteFile }, `shop-${unique()}`)).id;
    destDir = path.join(tmp, `dest-${unique()}`);
    destId = (await makeDestination("local", { path: destDir }, `nas-${unique()}`)).id;
  });
  afterEach(() => vi.restoreAllMocks());

  const makeRetentionJob = async (keep: number) => {
    const j = await makeJob({ sourceId, destinationIds: [destId], databases: { mode: "all" }, compression: "none" });
    return db.job.update({ where: { id: j.id }, data: { retention: JSON.stringify({ mode: "count", keep }) } });
  };

  /** A committed backup: the data and manifest files on disk and its Backup row. */
  const addBackup = async (o: { jobId: string; slug: string; database?: string; destinationId?: string; dir?: string; daysAgo: number; locked?: boolean }) => {
    const at = new Date(NOW.getTime() - o.daysAgo * DAY);
    const database = o.database ?? "shop";
    const date = at.toISOString().slice(0, 10);
    const key = `${o.slug}/${date}/${o.slug}_${database}_${at.getTime()}.sql`;
    const manifestKey = `${key}.manifest.json`;
    const dir = o.dir ?? destDir;
    fs.mkdirSync(path.join(dir, o.slug, date), { recursive: true });
    fs.writeFileSync(path.join(dir, key), `dump of ${database} at ${at.toISOString()}`);
    fs.writeFileSync(path.join(dir, manifestKey), JSON.stringify({ key }));
    return db.backup.create({
      data: {
        jobId: o.jobId,
        destinationId: o.destinationId ?? destId,
        databaseName: database,
        engine: "sqlite",
        key,
        manifestKey,
        sizeBytes: 10n,
        sha256: "0".repeat(64),
        compression: "none",
        manifest: JSON.stringify({ key }),
        locked: o.locked ?? false,
        createdAt: at,
      },
    });
  };

  const exists = (key: string, dir = destDir) => fs.existsSync(path.join(dir, key));

  it("keep-last 3 deletes the older backups (manifest first, then data, then the row); the newest and locked ones stay", async () => {
    const job = await makeRetentionJob(3);
    const b = [];
    for (let i = 0; i < 7; i++) b.push(await addBackup({ jobId: job.id, slug: job.slug, daysAgo: i, locked: i === 5 }));
    // another database of the same job is its own series: 2 backups, all kept
    const other = [await addBackup({ jobId: job.id, slug: job.slug, database: "other", daysAgo: 10 }), await addBackup({ jobId: job.id, slug: job.slug, database: "other", daysAgo: 11 })];
    const del = vi.spyOn(localDestination, "delete"); // calls through

    const { id: executionId } = await db.execution.create({ data: { jobId: job.id, type: "Backup", status: "Running", trigger: "manual", startedAt: NOW } });
    const r = await applyRetention({ jobId: job.id, executionId, now: NOW });
    expect(r).toEqual({ deleted: 3, kept: 6, errors: [] });

    // b[0..2] keep-last 3 (b[0] also newest), b[5] locked (uses no slot); b[3], b[4], b[6] go.
    const remaining = (await db.backup.findMany({ where: { jobId: job.id }, select: { id: true } })).map((x) => x.id).sort();
    expect(remaining).toEqual([b[0], b[1], b[2], b[5], ...other].map((x) => x!.id).sort());
    for (const x of [b[3], b[4], b[6]]) {
      expect(exists(x!.key)).toBe(false);
      expect(exists(x!.manifestKey)).toBe(false);
    }
    for (const x of [b[0], b[1], b[2], b[5], ...other]) {
      expect(exists(x!.key)).toBe(true);
      expect(exists(x!.manifestKey)).toBe(true);
    }
    // manifest before data, for each deleted backup
    const keys = del.mock.calls.map((c) => c[1]);
    expect(keys).toHaveLength(6);
    for (const x of [b[3], b[4], b[6]]) expect(keys.indexOf(x!.manifestKey)).toBe(keys.indexOf(x!.key) - 1);

    const logs = await runLogs(executionId);
    const dest = await db.adapterConfig.findUniqueOrThrow({ where: { id: destId } });
    expect(logs).toContain(`info retention: deleted ${b[3]!.key} from ${dest.name} (beyond keep-last 3)`);
    expect(logs.filter((l) => l.startsWith("info retention: deleted"))).toHaveLength(3);
    const audits = await db.auditLog.findMany({ where: { action: "retention.apply", resourceId: job.id } });
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0]!.details ?? "{}")).toMatchObject({ executionId, deleted: 3, kept: 6, errors: 0 });

    // idempotent: nothing more to delete
    expect(await applyRetention({ jobId: job.id, now: NOW })).toEqual({ deleted: 0, kept: 6, errors: [] });
  });

  it("the preview plans the same without deleting anything", async () => {
    const job = await makeRetentionJob(7);
    for (let i = 0; i < 5; i++) await addBackup({ jobId: job.id, slug: job.slug, daysAgo: i });
    const p = await previewJobRetention({ jobId: job.id, retention: { mode: "count", keep: 2 }, now: NOW });
    expect(p.groups).toHaveLength(1);
    expect(p.groups[0]).toMatchObject({ databaseName: "shop", destinationId: destId, keep: 2, delete: 3 });
    expect(p.groups[0]!.decisions.map((d) => d.keep)).toEqual([true, true, false, false, false]);
    expect(p.groups[0]!.decisions[0]!.reasons).toEqual(["newest", "keep-last 2"]);
    expect((await previewJobRetention({ jobId: job.id, now: NOW })).groups[0]).toMatchObject({ keep: 5, delete: 0 });
    expect(await db.backup.count({ where: { jobId: job.id } })).toBe(5);
  });

  it("a backup the destination cannot delete keeps its row and files and is reported; the others go", async () => {
    const job = await makeRetentionJob(1);
    const b = [];
    for (let i = 0; i < 3; i++) b.push(await addBackup({ jobId: job.id, slug: job.slug, daysAgo: i }));
    // b[2]'s manifest is now a non-empty directory: unlink fails
    fs.rmSync(path.join(destDir, b[2]!.manifestKey));
    fs.mkdirSync(path.join(destDir, b[2]!.manifestKey, "x"), { recursive: true });
    const r = await applyRetention({ jobId: job.id, now: NOW });
    expect(r.deleted).toBe(1);
    expect(r.kept).toBe(2);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toContain(`could not delete ${b[2]!.key}`);
    expect(await db.backup.findUnique({ where: { id: b[2]!.id } })).not.toBeNull();
    expect(exists(b[2]!.key)).toBe(true); // the data is never deleted before its manifest
    expect(await db.backup.findUnique({ where: { id: b[1]!.id } })).toBeNull();
    expect(exists(b[1]!.key)).toBe(false);
    expect(await db.auditLog.findFirst({ where: { action: "retention.apply", resourceId: job.id } })).toMatchObject({ outcome: "failure" });
  });

  it("a destination that cannot be opened leaves every row and reports it", async () => {
    const job = await makeRetentionJob(1);
    for (let i = 0; i < 3; i++) await addBackup({ jobId: job.id, slug: job.slug, daysAgo: i });
    // the stored settings no longer validate (e.g. edited by hand)
    await db.adapterConfig.update({ where: { id: destId }, data: { config: JSON.stringify({ path: 42 }) } });
    const r = await applyRetention({ jobId: job.id, now: NOW });
    expect(r).toMatchObject({ deleted: 0, kept: 3 });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/could not open destination .* to delete 2 backup\(s\)/);
    expect(await db.backup.count({ where: { jobId: job.id } })).toBe(3);
    expect(filesUnder(destDir)).toHaveLength(6);
  });

  it("runs after a successful backup run, and never after a failed one", async () => {
    const job = await makeRetentionJob(2);
    const first = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    expect((await waitForRun(first.executionId)).status).toBe("Success");
    const real = await db.backup.findFirstOrThrow({ where: { jobId: job.id } });
    // three older backups of the same series
    const old = [];
    for (let i = 0; i < 3; i++) old.push(await addBackup({ jobId: job.id, slug: job.slug, database: real.databaseName, daysAgo: 30 + i }));

    // a failed run (the SQLite file is gone) deletes nothing, even with keep-last 1
    await db.job.update({ where: { id: job.id }, data: { retention: JSON.stringify({ mode: "count", keep: 1 }) } });
    fs.renameSync(sqliteFile, `${sqliteFile}.away`);
    const failed = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    expect((await waitForRun(failed.executionId)).status).toBe("Failed");
    fs.renameSync(`${sqliteFile}.away`, sqliteFile);
    expect(await db.backup.count({ where: { jobId: job.id } })).toBe(4);
    expect((await runLogs(failed.executionId)).some((l) => l.includes("retention:"))).toBe(false);
    expect(await db.auditLog.count({ where: { action: "retention.apply" } })).toBe(1); // the first run's, which deleted nothing

    await db.job.update({ where: { id: job.id }, data: { retention: JSON.stringify({ mode: "count", keep: 2 }) } });
    await new Promise((r) => setTimeout(r, 1100)); // a new key (seconds resolution)
    const second = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const done = await waitForRun(second.executionId);
    expect(done.status).toBe("Success");
    expect(done.warning).toBeNull();
    const left = await db.backup.findMany({ where: { jobId: job.id }, orderBy: { createdAt: "desc" } });
    expect(left).toHaveLength(2);
    expect(left.map((x) => x.executionId)).toEqual([second.executionId, first.executionId]);
    for (const x of old) {
      expect(exists(x.key)).toBe(false);
      expect(exists(x.manifestKey)).toBe(false);
    }
    for (const x of left) expect(exists(x.key) && exists(x.manifestKey)).toBe(true);
    const logs = await runLogs(second.executionId);
    expect(logs.filter((l) => /^info retention: deleted .* from .* \(beyond keep-last 2\)$/.test(l))).toHaveLength(3);
    expect(logs).toContain("info retention: deleted 3 old backups, kept 2");
    expect(logs.at(-1)).toMatch(/^info Success: /);
  });

  it("a retention failure after a run leaves the run Success, with a warning and a log line", async () => {
    const job = await makeRetentionJob(1);
    const stuck = await addBackup({ jobId: job.id, slug: job.slug, database: "shop", daysAgo: 40 });
    fs.rmSync(path.join(destDir, stuck.manifestKey));
    fs.mkdirSync(path.join(destDir, stuck.manifestKey, "x"), { recursive: true });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const done = await waitForRun(executionId);
    expect(done.status).toBe("Success");
    expect(done.error).toBeNull();
    expect(done.warning).toMatch(/^retention: 1 problem \(could not delete .*\)$/);
    expect((await runLogs(executionId)).some((l) => l.startsWith(`warn retention: could not delete ${stuck.key}`))).toBe(true);
    expect(await db.backup.findUnique({ where: { id: stuck.id } })).not.toBeNull();
  });
});
