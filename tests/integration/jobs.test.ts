import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { cloneJob } from "@/server/services/jobs/clone-job";
import { createJob } from "@/server/services/jobs/create-job";
import { deleteJob } from "@/server/services/jobs/delete-job";
import { getJob } from "@/server/services/jobs/get-job";
import { type TJobFields, ZJobFields } from "@/server/services/jobs/jobs.schema";
import { listJobFormOptions } from "@/server/services/jobs/list-job-form-options";
import { listJobs } from "@/server/services/jobs/list-jobs";
import { listSourceDatabases } from "@/server/services/jobs/list-source-databases";
import { setJobEnabled } from "@/server/services/jobs/set-job-enabled";
import { updateJob } from "@/server/services/jobs/update-job";
import { clearJobData, resetDb } from "./helpers/db";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-jobs-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const actor = SYSTEM_ACTOR;

/** A real SQLite database file with one table, as the sqlite source reads it. */
const sqliteFile = (name: string): string => {
  const file = path.join(tmp, name);
  const d = new Database(file);
  d.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t (v) VALUES ('x');");
  d.close();
  return file;
};

let n = 0;
const source = async (name = `src-${++n}`, file = sqliteFile(`${name}.db`)) =>
  createAdapterConfig({ kind: "source", data: { adapterId: "sqlite", name, config: { path: file } }, actor });
const destination = async (name = `dst-${++n}`) =>
  createAdapterConfig({ kind: "destination", data: { adapterId: "local", name, config: { path: path.join(tmp, name) } }, actor });
const profile = async (name = `profile-${++n}`) =>
  db.encryptionProfile.create({ data: { name, recipient: `age1test${name}`, identity: "sealed-in-tests" } });

/** What the form would send, parsed like the action does. */
type Over = Partial<Record<keyof TJobFields, unknown>>;
const fields = (over: Over): TJobFields =>
  ZJobFields.parse({ name: `Job ${++n}`, databases: { mode: "all" }, ...over });

const lastAudit = async (action: string) => {
  const row = await db.auditLog.findFirstOrThrow({ where: { action }, orderBy: { createdAt: "desc" } });
  return { ...row, before: row.before ? JSON.parse(row.before) : null, after: row.after ? JSON.parse(row.after) : null, details: row.details ? JSON.parse(row.details) : null };
};

beforeEach(async () => {
  await clearJobData();
  await resetDb();
});

// Leave nothing behind for the next file (jobs hold profiles and adapters with onDelete: Restrict).
afterAll(async () => {
  await clearJobData();
  await resetDb();
});

describe("create", () => {
  it("stores every field, the destinations in order and a slug, and audits the job by names", async () => {
    const src = await source("orders-db");
    const [a, b] = [await destination("nas"), await destination("offsite")];
    const key = await profile("prod-key");
    const job = await createJob({
      data: fields({
        name: "Nightly Orders DB!",
        description: "  The shop  ",
        sourceId: src.id,
        databases: { mode: "pick", names: ["orders", "orders"] },
        destinationIds: [b.id, a.id],
        compression: "gzip",
        compressionLevel: 9,
        encryptionProfileId: key.id,
        schedule: "  0   2 * * * ",
        retention: { mode: "gfs", daily: 7, weekly: 4, monthly: 12, yearly: 1 },
        timeoutSeconds: 3600,
      }),
      actor,
    });
    expect(job).toMatchObject({
      name: "Nightly Orders DB!",
      slug: "nightly-orders-db",
      description: "The shop",
      source: { id: src.id, name: "orders-db", adapterId: "sqlite", typeLabel: "SQLite" },
      databases: { mode: "pick", names: ["orders"] },
      compression: "gzip",
      compressionLevel: 9,
      encryptionProfile: { id: key.id, name: "prod-key" },
      schedule: "0 2 * * *",
      enabled: true,
      retention: { mode: "gfs", daily: 7, weekly: 4, monthly: 12, yearly: 1 },
      timeoutSeconds: 3600,
    });
    expect(job.destinations.map((d) => d.name)).toEqual(["offsite", "nas"]);
    expect(await getJob(job.id)).toEqual(job);

    const audit = await lastAudit("job.create");
    expect(audit).toMatchObject({ resourceType: "job", resourceId: job.id, actorEmail: "system" });
    expect(audit.after).toMatchObject({ name: "Nightly Orders DB!", source: "orders-db", destinations: ["offsite", "nas"], encryptionProfile: "prod-key", databases: ["orders"] });
  });

  it("an empty schedule is manual only, and no encryption is stored as null; compression none drops the level", async () => {
    const [src, dst] = [await source(), await destination()];
    const job = await createJob({ data: fields({ sourceId: src.id, destinationIds: [dst.id], schedule: "   ", compression: "none", compressionLevel: 5 }), actor });
    expect(job).toMatchObject({ schedule: null, encryptionProfile: null, compression: "none", compressionLevel: null });
  });

  it("makes slugs unique with -2, -3 … and refuses a name that is taken", async () => {
    const [src, dst] = [await source(), await destination()];
    const make = (name: string) => createJob({ data: fields({ name, sourceId: src.id, destinationIds: [dst.id] }), actor });
    expect((await make("Nightly orders")).slug).toBe("nightly-orders");
    expect((await make("Nightly  Orders!")).slug).toBe("nightly-orders-2");
    expect((await make("nightly-orders")).slug).toBe("nightly-orders-3");
    await expect(make("Nightly orders")).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { name: ["Already in use"] } });
    expect(await db.job.count()).toBe(3);
  });

  it("refuses an unknown source, destination or profile, and a source used as a destination (or the reverse)", async () => {
    const [src, dst] = [await source("the-source"), await destination("the-destination")];
    const ok = { sourceId: src.id, destinationIds: [dst.id] };
    const refused = (over: Over) => createJob({ data: fields({ ...ok, ...over }), actor });

    await expect(refused({ sourceId: "nope" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { sourceId: ["Unknown source"] } });
    await expect(refused({ sourceId: dst.id })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { sourceId: ["Not a source"] } });
    await expect(refused({ destinationIds: [dst.id, "nope"] })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { destinationIds: ["Unknown destination"] } });
    await expect(refused({ destinationIds: [src.id] })).rejects.toMatchObject({
      code: "VALIDATION",
      message: "the-source is a source, not a destination.",
      fieldErrors: { destinationIds: ["the-source is not a destination"] },
    });
    await expect(refused({ encryptionProfileId: "nope" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { encryptionProfileId: ["Unknown encryption profile"] } });
    expect(await db.job.count()).toBe(0);
    expect(await db.auditLog.count({ where: { action: { startsWith: "job." } } })).toBe(0);
  });

  it("refuses an invalid cron expression with a clear field error", async () => {
    const [src, dst] = [await source(), await destination()];
    const attempt = (schedule: string) => createJob({ data: fields({ sourceId: src.id, destinationIds: [dst.id], schedule }), actor });
    await expect(attempt("61 * * * *")).rejects.toMatchObject({
      code: "VALIDATION",
      message: "Invalid schedule: minute must be 0–59 (got 61).",
      fieldErrors: { schedule: ["Invalid cron expression: minute must be 0–59 (got 61)"] },
    });
    await expect(attempt("* * * *")).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { schedule: [expect.stringMatching(/expected 5 fields/)] } });
    await expect(attempt("0 2 30 2 *")).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { schedule: [expect.stringMatching(/never runs/)] } });
    expect(await db.job.count()).toBe(0);
    expect((await attempt("30 0 2 * * *")).schedule).toBe("30 0 2 * * *");
  });
});

describe("update", () => {
  it("replaces fields and destinations, keeps the slug on a rename, and audits before and after", async () => {
    const src = await source("db-a");
    const other = await source("db-b");
    const [a, b, c] = [await destination("a"), await destination("b"), await destination("c")];
    const job = await createJob({ data: fields({ name: "Original", sourceId: src.id, destinationIds: [a.id, b.id] }), actor });

    const updated = await updateJob({
      data: { ...fields({ name: "Renamed", sourceId: other.id, destinationIds: [c.id, a.id], schedule: "0 3 * * 0", enabled: false }), id: job.id },
      actor,
    });
    expect(updated).toMatchObject({ id: job.id, name: "Renamed", slug: "original", source: { name: "db-b" }, schedule: "0 3 * * 0", enabled: false });
    expect(updated.destinations.map((d) => d.name)).toEqual(["c", "a"]);
    expect(await db.jobDestination.count({ where: { jobId: job.id } })).toBe(2);

    const audit = await lastAudit("job.update");
    expect(audit.before).toMatchObject({ name: "Original", source: "db-a", destinations: ["a", "b"], schedule: null, enabled: true });
    expect(audit.after).toMatchObject({ name: "Renamed", source: "db-b", destinations: ["c", "a"], schedule: "0 3 * * 0", enabled: false });
  });

  it("refuses a taken name, an unknown job, and the same validation as create", async () => {
    const [src, dst] = [await source(), await destination()];
    await createJob({ data: fields({ name: "First", sourceId: src.id, destinationIds: [dst.id] }), actor });
    const second = await createJob({ data: fields({ name: "Second", sourceId: src.id, destinationIds: [dst.id] }), actor });
    const edit = (over: Over, id = second.id) =>
      updateJob({ data: { ...fields({ name: "Second", sourceId: src.id, destinationIds: [dst.id], ...over }), id }, actor });

    await expect(edit({ name: "First" })).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { name: ["Already in use"] } });
    await expect(edit({}, "missing")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(edit({ schedule: "0 25 * * *" })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { schedule: [expect.stringContaining("hour must be 0–23")] } });
    await expect(edit({ destinationIds: [src.id] })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { destinationIds: expect.any(Array) } });
    expect((await edit({ description: "kept its own name" })).description).toBe("kept its own name");
  });
});

describe("clone, enable and disable", () => {
  it("clones under a free name and slug, disabled, with the same destinations", async () => {
    const [src, a, b] = [await source(), await destination("one"), await destination("two")];
    const job = await createJob({ data: fields({ name: "Nightly", sourceId: src.id, destinationIds: [b.id, a.id], schedule: "0 2 * * *" }), actor });
    const c1 = await cloneJob({ id: job.id, actor });
    const c2 = await cloneJob({ id: job.id, actor });
    expect([c1.name, c2.name]).toEqual(["Nightly (copy)", "Nightly (copy 2)"]);
    expect([c1.slug, c2.slug]).toEqual(["nightly-copy", "nightly-copy-2"]);
    expect(c1).toMatchObject({ enabled: false, schedule: "0 2 * * *", source: { id: src.id } });
    expect(c1.destinations.map((d) => d.name)).toEqual(["two", "one"]);
    expect((await lastAudit("job.clone")).details).toEqual({ from: job.id, fromName: "Nightly" });
    await expect(cloneJob({ id: "missing", actor })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("enables and disables with one audit row per change", async () => {
    const [src, dst] = [await source(), await destination()];
    const job = await createJob({ data: fields({ name: "Toggle", sourceId: src.id, destinationIds: [dst.id] }), actor });
    expect((await setJobEnabled({ id: job.id, enabled: false, actor })).enabled).toBe(false);
    expect((await setJobEnabled({ id: job.id, enabled: false, actor })).enabled).toBe(false);
    expect((await setJobEnabled({ id: job.id, enabled: true, actor })).enabled).toBe(true);
    expect(await db.auditLog.count({ where: { action: "job.disable" } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "job.enable" } })).toBe(1);
    expect((await lastAudit("job.disable")).after).toEqual({ name: "Toggle", enabled: false });
    await expect(setJobEnabled({ id: "missing", enabled: true, actor })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("delete", () => {
  it("is refused while a run is Running, then deletes the job and keeps its backups and history", async () => {
    const [src, dst] = [await source(), await destination()];
    const job = await createJob({ data: fields({ name: "Busy", sourceId: src.id, destinationIds: [dst.id] }), actor });
    const run = await db.execution.create({ data: { jobId: job.id, type: "Backup", status: "Running", trigger: "manual", startedAt: new Date() } });
    await db.backup.create({
      data: {
        jobId: job.id,
        executionId: run.id,
        destinationId: dst.id,
        databaseName: "app",
        engine: "sqlite",
        key: "busy/2026-01-01/busy_app.sql.zst",
        manifestKey: "busy/2026-01-01/busy_app.sql.zst.manifest.json",
        sizeBytes: BigInt(10),
        sha256: "0".repeat(64),
        compression: "zstd",
        manifest: "{}",
      },
    });

    await expect(deleteJob({ id: job.id, actor })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/Busy is running/) });
    await db.execution.update({ where: { id: run.id }, data: { status: "Pending" } });
    await expect(deleteJob({ id: job.id, actor })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/is queued/) });
    expect(await getJob(job.id)).not.toBeNull();

    await db.execution.update({ where: { id: run.id }, data: { status: "Success", endedAt: new Date() } });
    expect(await deleteJob({ id: job.id, actor })).toEqual({ backupsKept: 1 });
    expect(await getJob(job.id)).toBeNull();
    expect(await db.jobDestination.count()).toBe(0);
    expect(await db.backup.findFirstOrThrow()).toMatchObject({ jobId: null, destinationId: dst.id });
    expect(await db.execution.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ jobId: null, status: "Success" });
    const audit = await lastAudit("job.delete");
    expect(audit.before).toMatchObject({ name: "Busy" });
    expect(audit.details).toEqual({ backupsKept: 1 });
    await expect(deleteJob({ id: job.id, actor })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("list", () => {
  it("shows names, the schedule in words, the next run in the system time zone and the latest run", async () => {
    await db.systemSetting.upsert({ where: { key: "system.timezone" }, update: { value: '"Europe/Paris"' }, create: { key: "system.timezone", value: '"Europe/Paris"' } });
    const [src, a, b] = [await source("pg"), await destination("nas"), await destination("s3")];
    const key = await profile("vault");
    const daily = await createJob({ data: fields({ name: "B daily", sourceId: src.id, destinationIds: [a.id, b.id], schedule: "0 2 * * *", encryptionProfileId: key.id }), actor });
    const manual = await createJob({ data: fields({ name: "A manual", sourceId: src.id, destinationIds: [a.id] }), actor });
    const paused = await createJob({ data: fields({ name: "C paused", sourceId: src.id, destinationIds: [a.id], schedule: "0 3 * * *", enabled: false }), actor });

    const older = await db.execution.create({ data: { jobId: daily.id, type: "Backup", status: "Failed", trigger: "schedule", createdAt: new Date("2026-01-09T01:00:00Z"), endedAt: new Date("2026-01-09T01:01:00Z"), error: "boom" } });
    const latest = await db.execution.create({ data: { jobId: daily.id, type: "Backup", status: "Success", trigger: "manual", createdAt: new Date("2026-01-10T01:00:00Z"), endedAt: new Date("2026-01-10T01:02:00Z") } });
    await db.execution.create({ data: { jobId: daily.id, type: "Backup", status: "Skipped", trigger: "schedule", createdAt: new Date("2026-01-10T02:00:00Z") } });
    await db.execution.create({ data: { jobId: daily.id, type: "Verify", status: "Running", trigger: "system", createdAt: new Date("2026-01-10T03:00:00Z") } });
    expect(older.id).not.toBe(latest.id);

    const jobs = await listJobs({ now: new Date("2026-01-10T12:00:00Z") });
    expect(jobs.map((j) => j.name)).toEqual(["A manual", "B daily", "C paused"]);
    const [m, d, p] = jobs as [(typeof jobs)[number], (typeof jobs)[number], (typeof jobs)[number]];
    expect(d).toMatchObject({
      id: daily.id,
      source: { name: "pg", typeLabel: "SQLite", healthStatus: "UNKNOWN" },
      encryptionProfile: { name: "vault" },
      scheduleText: "At 02:00 AM",
      scheduleError: null,
      nextRunAt: "2026-01-11T01:00:00.000Z", // 02:00 in Paris (UTC+1 in winter)
      enabled: true,
      lastRun: { id: latest.id, status: "Success", trigger: "manual", endedAt: "2026-01-10T01:02:00.000Z" },
    });
    expect(d.destinations.map((x) => x.name)).toEqual(["nas", "s3"]);
    expect(m).toMatchObject({ id: manual.id, schedule: null, scheduleText: "Manual only", nextRunAt: null, lastRun: null });
    expect(p).toMatchObject({ id: paused.id, enabled: false, scheduleText: "At 03:00 AM", nextRunAt: null });

    const options = await listJobFormOptions();
    expect(options).toMatchObject({ timeZone: "Europe/Paris", defaultTimeoutMinutes: 360, encryptionProfiles: [{ id: key.id, name: "vault" }] });
    expect(options.sources.map((s) => s.name)).toEqual(["pg"]);
    expect(options.destinations.map((s) => s.name)).toEqual(["nas", "s3"]);
  });
});

describe("listSourceDatabases", () => {
  it("lists a real SQLite source's database: the file's name", async () => {
    const src = await source("shop", sqliteFile("shop-data.db"));
    expect(await listSourceDatabases({ sourceId: src.id })).toEqual({ ok: true, databases: ["shop-data"] });
  });

  it("reports a source it cannot read as a message, and refuses an id that is not a source", async () => {
    const src = await source("gone", path.join(tmp, "does-not-exist.db"));
    const r = await listSourceDatabases({ sourceId: src.id });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^gone: .*does-not-exist\.db does not exist/);
    const dst = await destination();
    await expect(listSourceDatabases({ sourceId: dst.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listSourceDatabases({ sourceId: "missing" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
