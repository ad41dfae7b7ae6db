/**
 * The in-process scheduler and run queue against the real app DB, with an SQLite source and a local
 * destination: croner fires in the system time zone, slots collide on their unique key, a fire while the
 * job runs is Skipped, the queue honours queue.maxConcurrentJobs FIFO, a disabled job stops firing, and
 * catch-up makes at most one run per job.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { slotKey } from "@/lib/scheduler/slots";
import { db } from "@/server/db";
import { activeRuns } from "@/server/runs/run-registry";
import { catchUpMissedRuns } from "@/server/scheduler/catch-up-runs";
import { enqueueScheduledRun } from "@/server/scheduler/enqueue-scheduled-run";
import { refreshSchedules, scheduledJobs, startScheduler, stopScheduler } from "@/server/scheduler/job-scheduler";
import { drainQueue } from "@/server/scheduler/run-queue";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { setJobEnabled } from "@/server/services/jobs/set-job-enabled";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { makeDestination, makeJob, makeSource, resetEngineDb, unique, waitForRun } from "./engine/fixtures";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const setSetting = (key: string, value: unknown) =>
  db.systemSetting.upsert({ where: { key }, create: { key, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } });

/** Waits until no run of this process is active and nothing is Pending/Running. */
const settle = async (timeoutMs = 30_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const active = await db.execution.count({ where: { status: { in: ["Pending", "Running"] } } });
    if (active === 0 && activeRuns().length === 0) return;
    if (Date.now() > until) throw new Error(`still ${active} active run(s) after ${timeoutMs} ms`);
    await sleep(50);
  }
};

describe("scheduler and run queue", () => {
  let tmp: string;
  let sqliteFile: string;
  let sourceId: string;
  let destId: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-scheduler-"));
    sqliteFile = path.join(tmp, "shop.db");
    execFileSync("sqlite3", [
      sqliteFile,
      "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) INSERT INTO t SELECT x, 'v' || x FROM c;",
    ]);
    await startScheduler();
  });
  afterAll(async () => {
    await stopScheduler();
    await settle().catch(() => undefined);
    expect(scheduledJobs()).toEqual([]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await settle();
    await resetEngineDb();
    await refreshSchedules();
    sourceId = (await makeSource("sqlite", { path: sqliteFile }, "shop-sqlite")).id;
    destId = (await makeDestination("local", { path: path.join(tmp, `dest-${unique()}`) }, "nas")).id;
  });

  const job = (over: Partial<Parameters<typeof makeJob>[0]> = {}) => makeJob({ sourceId, destinationIds: [destId], databases: { mode: "all" }, compression: "none", ...over });

  it("fires a 6-field cron in the system time zone: Success runs with trigger schedule and slot keys; disabling stops the fires", async () => {
    await setSetting("system.timezone", "Europe/Berlin");
    const j = await job({ name: "Every two seconds" });
    await db.job.update({ where: { id: j.id }, data: { schedule: "*/2 * * * * *" } });
    await refreshSchedules();
    expect(scheduledJobs()).toMatchObject([{ jobId: j.id, schedule: "*/2 * * * * *", timeZone: "Europe/Berlin" }]);

    const until = Date.now() + 15_000;
    let done: Awaited<ReturnType<typeof db.execution.findMany>> = [];
    while (Date.now() < until) {
      done = await db.execution.findMany({ where: { jobId: j.id, status: "Success" }, orderBy: { queuedAt: "asc" } });
      if (done.length >= 2) break;
      await sleep(100);
    }
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (const e of done) {
      expect(e).toMatchObject({ trigger: "schedule", type: "Backup" });
      expect(e.slotKey).toMatch(new RegExp(`^${j.id}@\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d[02468]\\.000Z$`));
    }
    expect(new Set(done.map((e) => e.slotKey)).size).toBe(done.length);

    // Disable + refresh: no cron left, and no new fire afterwards
    await setJobEnabled({ id: j.id, enabled: false, actor: SYSTEM_ACTOR }); // requests a refresh itself
    await refreshSchedules(); // collapses with the requested one
    expect(scheduledJobs()).toEqual([]);
    await settle();
    const before = await db.execution.count({ where: { jobId: j.id } });
    await sleep(4_500);
    expect(await db.execution.count({ where: { jobId: j.id } })).toBe(before);
  }, 40_000);

  it("two enqueues for the same slot make one run (the second is a duplicate)", async () => {
    const j = await job();
    const slot = new Date("2026-01-01T02:00:00.000Z");
    const [a, b] = await Promise.all([
      enqueueScheduledRun({ jobId: j.id, slot, trigger: "schedule" }),
      enqueueScheduledRun({ jobId: j.id, slot, trigger: "schedule" }),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(["created", "duplicate"].sort());
    expect(await enqueueScheduledRun({ jobId: j.id, slot, trigger: "catch-up" })).toEqual({ outcome: "duplicate" });
    await settle();
    const rows = await db.execution.findMany({ where: { jobId: j.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "Success", trigger: "schedule", slotKey: slotKey(j.id, slot) });
  });

  it("a fire while the job runs is recorded as Skipped", async () => {
    const j = await job({ name: "Busy job" });
    const { executionId } = await startBackupRun({ jobId: j.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const slot = new Date("2026-01-01T03:00:00.000Z");
    const r = await enqueueScheduledRun({ jobId: j.id, slot, trigger: "schedule" });
    expect(r.outcome).toBe("skipped");
    const skipped = await db.execution.findFirstOrThrow({ where: { jobId: j.id, status: "Skipped" } });
    expect(skipped).toMatchObject({ trigger: "schedule", slotKey: slotKey(j.id, slot), warning: "skipped: the previous run of Busy job is still running" });
    expect(skipped.endedAt).toBeInstanceOf(Date);
    expect((await waitForRun(executionId)).status).toBe("Success");

    // A queued (Pending) run blocks a later fire too
    await settle();
    await stopScheduler(); // pause the queue so the run stays Pending
    try {
      expect((await enqueueScheduledRun({ jobId: j.id, slot: new Date("2026-01-01T04:00:00.000Z"), trigger: "schedule" })).outcome).toBe("created");
      expect((await enqueueScheduledRun({ jobId: j.id, slot: new Date("2026-01-01T05:00:00.000Z"), trigger: "schedule" })).outcome).toBe("skipped");
    } finally {
      await startScheduler();
    }
    await settle();
    expect(await db.execution.count({ where: { jobId: j.id, status: "Success" } })).toBe(2);
  });

  it("maxConcurrentJobs=1: two queued jobs never run at once and complete FIFO", async () => {
    await setSetting("queue.maxConcurrentJobs", 1);
    const a = await job({ name: "First" });
    const b = await job({ name: "Second" });
    const slot = new Date("2026-01-01T06:00:00.000Z");
    const ra = await enqueueScheduledRun({ jobId: a.id, slot, trigger: "schedule" });
    const rb = await enqueueScheduledRun({ jobId: b.id, slot, trigger: "schedule" });
    expect(ra.outcome).toBe("created");
    expect(rb.outcome).toBe("created");
    let maxRunning = 0;
    const until = Date.now() + 30_000;
    for (;;) {
      const running = await db.execution.count({ where: { status: "Running" } });
      maxRunning = Math.max(maxRunning, running);
      const open = await db.execution.count({ where: { status: { in: ["Pending", "Running"] } } });
      if (open === 0) break;
      if (Date.now() > until) throw new Error("the queue did not drain");
      await sleep(5);
    }
    expect(maxRunning).toBe(1);
    const ea = await db.execution.findFirstOrThrow({ where: { jobId: a.id } });
    const eb = await db.execution.findFirstOrThrow({ where: { jobId: b.id } });
    expect([ea.status, eb.status]).toEqual(["Success", "Success"]);
    expect(eb.startedAt!.getTime()).toBeGreaterThanOrEqual(ea.endedAt!.getTime());
    await drainQueue();
  });

  it("catch-up: exactly one run for a job whose last slot run is older than its previous slot; none when recent or with policy off", async () => {
    const now = new Date();
    const hourAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const missed = await job({ name: "Missed hourly" });
    const current = await job({ name: "Up to date" });
    await db.job.updateMany({ where: { id: { in: [missed.id, current.id] } }, data: { schedule: "0 * * * *", createdAt: hourAgo(5) } });
    // "Missed hourly" last ran for a slot 3 hours ago; "Up to date" for its latest slot
    const latestSlot = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const old = new Date(latestSlot.getTime() - 3 * 3_600_000);
    await db.execution.create({ data: { jobId: missed.id, type: "Backup", status: "Success", trigger: "schedule", slotKey: slotKey(missed.id, old), queuedAt: old, endedAt: old } });
    await db.execution.create({ data: { jobId: current.id, type: "Backup", status: "Success", trigger: "schedule", slotKey: slotKey(current.id, latestSlot), queuedAt: latestSlot, endedAt: latestSlot } });

    await setSetting("scheduler.catchUp", "off");
    expect((await catchUpMissedRuns(now)).results).toEqual([]);
    expect(await db.execution.count({ where: { trigger: "catch-up" } })).toBe(0);

    await setSetting("scheduler.catchUp", "once");
    const first = await catchUpMissedRuns(now);
    expect(first.results).toEqual([expect.objectContaining({ jobId: missed.id, slot: latestSlot.toISOString(), outcome: "created" })]);
    const second = await catchUpMissedRuns(now); // a second boot (or a race) collides on the slot key
    expect(second.results.every((r) => r.outcome === "duplicate" || r.outcome === "skipped")).toBe(true);
    await settle();
    const runs = await db.execution.findMany({ where: { trigger: "catch-up" } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ jobId: missed.id, status: "Success", slotKey: slotKey(missed.id, latestSlot) });
    expect(await db.execution.count({ where: { jobId: current.id } })).toBe(1);
  });
});
