/**
 * Recovery objectives and drill scheduling: RPO from the cron plus tolerance, breached on the newest
 * VERIFIED backup, rpo.breached once per breach; the per-minute scheduled-drill check; the job form's
 * drill settings validated by the jobs service.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZDrillSettings } from "@/lib/drills/settings";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { startDueDrills } from "@/server/services/drills/start-due-drills";
import { createJob } from "@/server/services/jobs/create-job";
import { getJob } from "@/server/services/jobs/get-job";
import { ZJobFields } from "@/server/services/jobs/jobs.schema";
import { updateJob } from "@/server/services/jobs/update-job";
import { checkRpoBreaches } from "@/server/services/objectives/check-rpo-breaches";
import { jobRecoveryObjectives, jobsRecoveryObjectives } from "@/server/services/objectives/job-recovery-objectives";
import { makeDestination, makeJob, makeSource, mysqlConfig, pgConfig, resetEngineDb, servicesAvailable, unique, waitForRun } from "./engine/fixtures";

const run = servicesAvailable("postgres", "mysql");
const H = 3_600_000;

(run ? describe : describe.skip)("recovery objectives and drill scheduling", () => {
  let dir = "";
  let local: { id: string };
  let pg: { id: string };
  let my: { id: string };
  let notifier: { id: string };

  beforeAll(async () => {
    await resetEngineDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-obj-"));
    local = await makeDestination("local", { path: dir });
    pg = await makeSource("postgres", pgConfig());
    my = await makeSource("mysql", mysqlConfig());
    notifier = await createAdapterConfig({ kind: "notifier", data: { adapterId: "webhook", name: `hook-${unique()}`, config: { url: "http://127.0.0.1:9/x" } }, actor: SYSTEM_ACTOR });
  }, 60_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const backupAt = (jobId: string, at: Date, verified: boolean) =>
    db.backup.create({
      data: {
        jobId,
        destinationId: local.id,
        databaseName: "app",
        engine: "postgres",
        key: `k-${unique()}`,
        manifestKey: `m-${unique()}`,
        sizeBytes: BigInt(10),
        sha256: "0".repeat(64),
        compression: "none",
        manifest: "{}",
        createdAt: at,
        ...(verified ? { verifiedAt: at, verifyStatus: "ok" } : {}),
      },
    });

  it("RPO = the longest interval plus the tolerance; only verified backups count; rpo.breached fires once per breach", async () => {
    const now = new Date();
    const job = await makeJob({ sourceId: pg.id, destinationIds: [local.id], databases: { mode: "all" } });
    await db.job.update({ where: { id: job.id }, data: { schedule: "0 * * * *", createdAt: new Date(now.getTime() - 48 * H) } });
    await db.jobNotifier.create({ data: { jobId: job.id, notifierId: notifier.id, events: JSON.stringify(["rpo.breached"]) } });
    await backupAt(job.id, new Date(now.getTime() - 3 * H), true);
    await backupAt(job.id, new Date(now.getTime() - 10 * 60_000), false); // newer, but never verified

    const o = await jobRecoveryObjectives(job.id, now);
    expect(o?.rpo.intervalMs).toBe(H);
    expect(o?.rpo.targetMs).toBe(1.25 * H);
    expect(o?.rpo.breached).toBe(true);
    expect(Math.round((o?.rpo.ageMs ?? 0) / 60_000)).toBe(180);

    const first = await checkRpoBreaches(now);
    expect(first.breached).toContain(job.id);
    await checkRpoBreaches(now);
    expect(await db.notificationLog.count({ where: { event: "rpo.breached", jobId: job.id } })).toBe(1);

    // A fresh verified backup ends the breach.
    await backupAt(job.id, new Date(now.getTime() - 5 * 60_000), true);
    expect((await jobRecoveryObjectives(job.id, now))?.rpo.breached).toBe(false);
    const all = await jobsRecoveryObjectives([job.id], now);
    expect(all).toHaveLength(1);
  });

  it("a manual-only job has no RPO target and never breaches", async () => {
    const job = await makeJob({ sourceId: pg.id, destinationIds: [local.id], databases: { mode: "all" } });
    const o = await jobRecoveryObjectives(job.id);
    expect(o?.rpo).toMatchObject({ targetMs: null, breached: false });
    expect(o?.rto).toEqual({ lastMs: null, lastDrillAt: null, lastDrillStatus: null });
  });

  it("a drill with its own cron is queued once per slot by the per-minute check", async () => {
    const job = await makeJob({ sourceId: pg.id, destinationIds: [local.id], databases: { mode: "all" } });
    await db.job.update({ where: { id: job.id }, data: { drill: JSON.stringify(ZDrillSettings.parse({ enabled: true, targetSourceId: pg.id, schedule: { mode: "cron", cron: "* * * * *" } })) } });
    // One clock for both checks: a minute boundary between them would be a new slot (and a second drill).
    const now = new Date();
    const r = await startDueDrills(now);
    expect(r.started).toBeGreaterThanOrEqual(1);
    const drills = await db.execution.findMany({ where: { jobId: job.id, type: "Drill" } });
    expect(drills).toHaveLength(1);
    const e = await waitForRun(drills[0]!.id, 30_000);
    expect(e.status).toBe("Failed");
    expect(e.error).toMatch(/has no backup to drill/);
    await startDueDrills(now);
    expect(await db.execution.count({ where: { jobId: job.id, type: "Drill" } })).toBe(1);
  });

  it("the jobs service keeps, validates and returns the drill settings", async () => {
    const base = { name: `Drill job ${unique()}`, sourceId: pg.id, databases: { mode: "all" }, destinationIds: [local.id], compression: "gzip" };
    const created = await createJob({ data: ZJobFields.parse(base), actor: SYSTEM_ACTOR });
    expect(created.drill.enabled).toBe(false);

    const drill = { enabled: true, targetSourceId: pg.id, checks: [{ name: "orders", sql: "SELECT count(*) FROM orders", expectation: "> 0" }] };
    const saved = await updateJob({ data: { ...ZJobFields.parse({ ...base, drill }), id: created.id }, actor: SYSTEM_ACTOR });
    expect(saved.drill).toMatchObject({ enabled: true, targetSourceId: pg.id, checks: [{ name: "orders", expectation: "> 0", database: null }] });
    // Left out: kept.
    await updateJob({ data: { ...ZJobFields.parse(base), id: created.id }, actor: SYSTEM_ACTOR });
    expect((await getJob(created.id))?.drill.enabled).toBe(true);

    await expect(updateJob({ data: { ...ZJobFields.parse({ ...base, drill: { ...drill, targetSourceId: my.id } }), id: created.id }, actor: SYSTEM_ACTOR })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { "drill.targetSourceId": ["Not the job's engine"] },
    });
    const bad = ZJobFields.safeParse({ ...base, drill: { ...drill, checks: [{ name: "x", sql: "SELECT 1", expectation: "more than 1" }] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["drill", "checks", 0, "expectation"]);
    const noTarget = ZJobFields.safeParse({ ...base, drill: { enabled: true } });
    expect(noTarget.error?.issues[0]?.path).toEqual(["drill", "targetSourceId"]);
  });
});
