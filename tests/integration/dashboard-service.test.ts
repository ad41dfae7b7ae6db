/**
 * The dashboard over real rows: a real backup (SQLite source → local folder, verified on upload), plus
 * seeded history for the charts; the live "all runs" stream; and the route's permission.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as allRunEvents } from "@/app/api/v1/executions/events/route";
import { db } from "@/server/db";
import { publishRunEvent } from "@/server/runs/progress-bus";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { getDashboard } from "@/server/services/dashboard/get-dashboard";
import { openLiveRunsStream } from "@/server/services/dashboard/live-runs-stream";
import { clearSettledCache } from "@/server/services/dashboard/settled-cache";
import { dayKey } from "@/server/services/dashboard/tz-days";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { updateSettings } from "@/server/services/settings/update-settings";
import { makeDestination, makeJob, makeSource, resetEngineDb, waitForRun } from "./engine/fixtures";
import { makeUser, signIn } from "./helpers/users";

const H = 3_600_000;

describe("dashboard", () => {
  let tmp: string;
  let sourceId: string;
  let destId: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-dash-"));
    execFileSync("sqlite3", [path.join(tmp, "shop.db"), "CREATE TABLE t(id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);"]);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  beforeEach(async () => {
    await resetEngineDb();
    clearSettledCache();
    sourceId = (await makeSource("sqlite", { path: path.join(tmp, "shop.db") }, "dash-src")).id;
    destId = (await makeDestination("local", { path: path.join(tmp, `dest-${Date.now()}`) }, "dash-nas")).id;
  });

  it("an empty instance says so", async () => {
    const d = await getDashboard();
    expect(d.verdict.level).toBe("empty");
    expect(d.kpis).toMatchObject({ jobs: 0, successRate: null, storedBytes: 0, lastFailure: null });
    expect(d.activity).toHaveLength(30);
    expect(d.heatmap).toHaveLength(371);
  });

  it("after a real verified backup: all good, counted today, stored bytes and the latest run", async () => {
    await updateSettings({ patch: { "system.timezone": "Europe/Paris" }, actor: SYSTEM_ACTOR });
    const job = await makeJob({ name: "Shop", sourceId, destinationIds: [destId], databases: { mode: "all" } });
    await db.job.update({ where: { id: job.id }, data: { schedule: "0 2 * * *" } });
    const { executionId } = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    expect((await waitForRun(executionId)).status).toBe("Success");
    const backup = await db.backup.findFirstOrThrow();

    const d = await getDashboard();
    expect(d.timezone).toBe("Europe/Paris");
    expect(d.verdict).toMatchObject({ level: "ok" });
    expect(d.kpis).toMatchObject({ jobs: 1, enabledJobs: 1, successRate: 1, finishedRuns: 1, storedBytes: Number(backup.sizeBytes), backupCount: 1 });
    const today = dayKey(new Date(), "Europe/Paris");
    expect(d.activity.at(-1)).toEqual({ day: today, Success: 1, Partial: 0, Failed: 0, Other: 0 });
    expect(d.heatmap.at(-1)).toEqual({ day: today, total: 1, failed: 0 });
    expect(d.jobStatus.find((s) => s.key === "ok")?.count).toBe(1);
    expect(d.storage.destinations).toEqual([{ key: "d0", id: destId, name: "dash-nas", bytes: Number(backup.sizeBytes) }]);
    expect(d.storage.points.at(-1)).toMatchObject({ day: today, d0: Number(backup.sizeBytes) });
    expect(d.verification).toMatchObject({ overdue: 0, scheduled: 1, total: 1 });
    expect(d.verification.rows[0]).toMatchObject({ jobName: "Shop", lastStatus: "Success", overdue: false, expectedIntervalMs: 24 * H });
    expect(d.latestRuns.map((r) => r.id)).toEqual([executionId]);
  });

  it("a failed last run and a stale verified backup turn the verdict red, with the failure in the KPI", async () => {
    const now = Date.now();
    const stale = await makeJob({ name: "Stale", sourceId, destinationIds: [destId], databases: { mode: "all" } });
    const broken = await makeJob({ name: "Broken", sourceId, destinationIds: [destId], databases: { mode: "all" } });
    await db.job.updateMany({ data: { schedule: "0 * * * *", createdAt: new Date(now - 30 * 24 * H) } });
    const at = (h: number) => new Date(now - h * H);
    await db.execution.createMany({
      data: [
        { jobId: stale.id, type: "Backup", status: "Success", trigger: "schedule", createdAt: at(50), startedAt: at(50), endedAt: at(50) },
        { jobId: broken.id, type: "Backup", status: "Success", trigger: "schedule", createdAt: at(3), startedAt: at(3), endedAt: at(3) },
        { jobId: broken.id, type: "Backup", status: "Failed", trigger: "schedule", createdAt: at(0.5), startedAt: at(0.5), endedAt: at(0.5), error: "pg_dump: boom" },
        // 40 days ago: in the heatmap, not in the 30-day rate
        { jobId: stale.id, type: "Backup", status: "Failed", trigger: "schedule", createdAt: at(40 * 24), startedAt: at(40 * 24), endedAt: at(40 * 24) },
      ],
    });
    const backupRow = (jobId: string, hoursAgo: number, verifyStatus: string) => ({
      jobId,
      destinationId: destId,
      databaseName: "main",
      engine: "sqlite",
      key: `k-${jobId}-${hoursAgo}`,
      manifestKey: `m-${jobId}-${hoursAgo}`,
      sizeBytes: 1000n,
      sha256: "0".repeat(64),
      compression: "zstd",
      manifest: "{}",
      verifiedAt: at(hoursAgo),
      verifyStatus,
      createdAt: at(hoursAgo),
    });
    // Stale's newest backup failed verification: the one that counts is 50 h old.
    await db.backup.createMany({ data: [backupRow(stale.id, 50, "ok"), backupRow(stale.id, 1, "failed"), backupRow(broken.id, 3, "ok")] });

    const d = await getDashboard();
    expect(d.verdict).toMatchObject({ level: "bad", detail: "1 job failed on the last run, 2 jobs without a recent verified backup." });
    expect(d.kpis.lastFailure).toMatchObject({ jobName: "Broken", type: "Backup", error: "pg_dump: boom" });
    expect(d.kpis.successRate).toBeCloseTo(2 / 3);
    expect(d.heatmap.reduce((n, x) => n + x.failed, 0)).toBe(2);
    expect(d.verification.rows.map((r) => [r.jobName, r.overdue, Math.round((r.ageMs ?? 0) / H)])).toEqual([
      ["Stale", true, 50],
      ["Broken", true, 3],
    ]);
    expect(d.kpis.storedBytes).toBe(3000);
  });

  it("past days come from a cache that still sees rows inserted into or deleted from them at once", async () => {
    const job = await makeJob({ name: "Cached", sourceId, destinationIds: [destId], databases: { mode: "all" } });
    const old = new Date(Date.now() - 100 * 24 * H);
    expect((await getDashboard()).heatmap.reduce((n, d) => n + d.total, 0)).toBe(0);
    const run = await db.execution.create({ data: { jobId: job.id, type: "Backup", status: "Failed", trigger: "schedule", createdAt: old } });
    expect((await getDashboard()).heatmap.reduce((n, d) => n + d.failed, 0)).toBe(1);
    await db.execution.delete({ where: { id: run.id } });
    expect((await getDashboard()).heatmap.reduce((n, d) => n + d.total, 0)).toBe(0);
  });

  it("streams every run's status and progress to the live list, and needs history:read", async () => {
    const ac = new AbortController();
    const reader = openLiveRunsStream({ signal: ac.signal }).getReader();
    publishRunEvent("run-1", { type: "progress", bytesRead: 10, bytesStored: 5, rate: 1, step: "dumping main" });
    publishRunEvent("run-1", { type: "progress", bytesRead: 20, bytesStored: 9, rate: 1, step: "dumping main" }); // throttled
    publishRunEvent("run-1", { type: "log", id: 1, at: new Date().toISOString(), level: "info", message: "not sent" });
    publishRunEvent("run-1", { type: "status", status: "Success" });
    let text = "";
    const dec = new TextDecoder();
    while (!text.includes("event: status")) text += dec.decode((await reader.read()).value);
    ac.abort();
    expect(text).toContain(`event: progress\ndata: {"executionId":"run-1","bytesRead":10,"bytesStored":5,"rate":1,"step":"dumping main"}`);
    expect(text).not.toContain('"bytesStored":9');
    expect(text).not.toContain("not sent");
    expect(text).toContain(`event: status\ndata: {"executionId":"run-1","status":"Success","error":null}`);
    expect((await reader.read()).done).toBe(true);

    const ctx = { params: Promise.resolve({}) };
    expect((await allRunEvents(new Request("http://localhost:3999/api/v1/executions/events"), ctx)).status).toBe(401);
    const viewer = await makeUser("Viewer");
    const headers = await signIn(viewer.email);
    const req = new AbortController();
    const res = await allRunEvents(new Request("http://localhost:3999/api/v1/executions/events", { headers, signal: req.signal }), ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    req.abort();
    await res.body?.cancel();
  });
});
