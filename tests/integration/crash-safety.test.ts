/**
 * Crash safety with real processes: a Bunker process killed with SIGKILL mid-upload leaves nothing that
 * looks like a backup once the next boot recovered and cleaned up; SIGTERM stops the dump tool and marks
 * the run Cancelled; the queue never runs more jobs (nor dump tools) than queue.maxConcurrentJobs.
 */
import { type ChildProcess, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { INTERRUPTED_ERROR, recoverInterruptedRuns } from "@/server/runs/recover-interrupted-runs";
import { enqueueScheduledRun } from "@/server/scheduler/enqueue-scheduled-run";
import { drainQueue } from "@/server/scheduler/run-queue";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { cleanupPartials } from "@/server/services/maintenance/cleanup-partials";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { updateSettings } from "@/server/services/settings/update-settings";
import { makeDestination, makeJob, makeSource, openDestination, pgConfig, resetEngineDb, s3ConfigFor, servicesAvailable, sftpConfig, unique, waitForRun } from "./engine/fixtures";
import { alive, childrenOf, descendants, sleep, spawnChildRun, waitFor } from "./helpers/child-process";
import { startS3Server, type TestS3Server } from "./helpers/s3-server";

const psql = (database: string, sql: string): string =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], { encoding: "utf8", env: process.env }).trim();

const CHILD = "run-backup-child.ts";
const spawnRun = (jobId: string, extra: string[] = []) => spawnChildRun(CHILD, jobId, extra);

const run = servicesAvailable("postgres", "ssh");

(run ? describe : describe.skip)("crash safety", () => {
  const u = unique();
  const bigDb = `crash_big_${u}`;
  let tmp: string;
  let s3: TestS3Server;
  let pgSourceId: string;
  const spawned: ChildProcess[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-crash-"));
    s3 = await startS3Server();
    await resetEngineDb();
    psql("postgres", `CREATE DATABASE ${bigDb}`);
    psql(bigDb, "CREATE TABLE big AS SELECT g AS id, md5(g::text) || md5((g + 1)::text) || md5((g * 7)::text) AS payload FROM generate_series(1, 1000000) g");
    pgSourceId = (await makeSource("postgres", pgConfig(), "crash-pg")).id;
  }, 180_000);

  afterAll(async () => {
    for (const c of spawned) if (c.pid && alive(c.pid)) process.kill(c.pid, "SIGKILL");
    try {
      psql("postgres", `DROP DATABASE IF EXISTS ${bigDb} WITH (FORCE)`);
    } catch {
      // best effort
    }
    await s3?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const pgJob = async (name: string) => {
    const dir = path.join(tmp, `local-${name}`);
    const local = await makeDestination("local", { path: dir }, `local-${name}-${unique()}`);
    const s3dest = await makeDestination("s3", s3ConfigFor(s3, `${name}/`), `s3-${name}-${unique()}`);
    const job = await makeJob({ sourceId: pgSourceId, destinationIds: [local.id, s3dest.id], databases: { mode: "pick", names: [bigDb] }, compression: "zstd" });
    return { dir, job, destIds: [local.id, s3dest.id] };
  };

  const partialsUnder = (dir: string): string[] =>
    fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.partial-[0-9a-f]{16}$/.test(f)).map((f) => path.join(dir, f)) : [];

  it("kill -9 mid-upload → after recovery and cleanup: Failed, nothing stored, no .partial; the next run succeeds", async () => {
    const { dir, job, destIds } = await pgJob("kill9");
    const { child, executionId, exited } = await spawnRun(job.id);
    spawned.push(child);
    await waitFor("bytes stored", async () => ((await db.execution.findUnique({ where: { id: executionId } }))?.bytesStored ?? 0n) > 0n || undefined);
    const tree = descendants(child.pid!);
    expect(tree.some((c) => c.comm === "pg_dump")).toBe(true);
    process.kill(child.pid!, "SIGKILL");
    for (const c of tree) if (alive(c.pid)) process.kill(c.pid, "SIGKILL");
    await exited;
    await waitFor("the tools to exit", () => (tree.some((c) => alive(c.pid)) ? undefined : true), 10_000);

    // "Restart": what boot does. A partial file must be older than a minute to be cleaned: age it.
    const partials = partialsUnder(dir);
    expect(partials.length).toBeGreaterThan(0); // the crash did leave a half-written file
    const old = new Date(Date.now() - 5 * 60_000);
    for (const f of partials) fs.utimesSync(f, old, old);
    expect((await recoverInterruptedRuns()).recovered).toBeGreaterThanOrEqual(1);
    const cleaned = await cleanupPartials();
    expect(cleaned.errors).toEqual([]);
    expect(cleaned.removed).toBeGreaterThanOrEqual(partials.length);

    const e = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
    expect(e.status).toBe("Failed");
    expect(e.error).toContain(INTERRUPTED_ERROR);
    expect(await db.backup.count({ where: { executionId } })).toBe(0);
    for (const id of destIds) {
      const objects = await (await openDestination(id)).list();
      expect(objects.filter((o) => o.key.endsWith(".manifest.json"))).toEqual([]);
    }
    expect(partialsUnder(dir)).toEqual([]);

    const again = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const done = await waitForRun(again.executionId, 120_000);
    expect(done.status, done.error ?? "").toBe("Success");
  }, 240_000);

  it("SIGTERM mid-dump → the process exits within 10 s, no pg_dump left, the run is Cancelled (shutdown)", async () => {
    const { job } = await pgJob("sigterm");
    const { child, executionId, exited } = await spawnRun(job.id, ["--shutdown-handler"]);
    spawned.push(child);
    await waitFor("bytes read", async () => {
      const row = await db.execution.findUnique({ where: { id: executionId } });
      return (row?.bytesStored ?? 0n) > 0n || undefined;
    });
    const tree = descendants(child.pid!);
    expect(tree.some((c) => c.comm === "pg_dump")).toBe(true);
    const t0 = Date.now();
    process.kill(child.pid!, "SIGTERM");
    const timeout = sleep(10_000).then(() => "timeout" as const);
    const outcome = await Promise.race([exited.then(() => "exited" as const), timeout]);
    expect(outcome).toBe("exited");
    expect(Date.now() - t0).toBeLessThan(10_000);
    await waitFor("the tools to exit", () => (tree.some((c) => alive(c.pid)) ? undefined : true), 5_000);
    const e = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
    expect(e.status).toBe("Cancelled");
    expect(e.error ?? "").toMatch(/^shutdown/);
  }, 180_000);

  it("boot cleanup removes old partial files over SFTP too, keeps fresh ones and everything else", async () => {
    const sftpDir = path.join("/tmp", `bk-crash-sftp-${u}`);
    const plant = (rel: string, ageMs: number) => {
      const p = path.join(sftpDir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o777 });
      fs.writeFileSync(p, "x");
      const t = new Date(Date.now() - ageMs);
      fs.utimesSync(p, t, t);
      return p;
    };
    try {
      const old = plant("job/2026-01-01/a.dump.partial-0123456789abcdef", 10 * 60_000);
      const fresh = plant("job/2026-01-01/b.dump.partial-fedcba9876543210", 0);
      const committed = plant("job/2026-01-01/c.dump", 10 * 60_000);
      await makeDestination("sftp", sftpConfig(sftpDir), `sftp-${unique()}`);
      const res = await cleanupPartials();
      expect(res.errors).toEqual([]);
      expect(res.removed).toBeGreaterThanOrEqual(1);
      expect(fs.existsSync(old)).toBe(false);
      expect(fs.existsSync(fresh)).toBe(true);
      expect(fs.existsSync(committed)).toBe(true);
    } finally {
      fs.rmSync(sftpDir, { recursive: true, force: true });
    }
  });

  it("six jobs due at once with maxConcurrentJobs=2: never more than 2 running nor 2 sqlite3 tools; all succeed", async () => {
    const sqliteFile = path.join(tmp, "big.db");
    execFileSync("sqlite3", [
      sqliteFile,
      "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) INSERT INTO t SELECT x, hex(randomblob(48)) FROM c;",
    ]);
    const sourceId = (await makeSource("sqlite", { path: sqliteFile }, `sqlite-${unique()}`)).id;
    const destId = (await makeDestination("local", { path: path.join(tmp, "six") }, `six-${unique()}`)).id;
    await updateSettings({ patch: { "queue.maxConcurrentJobs": 2 }, actor: SYSTEM_ACTOR });
    const jobs = [];
    for (let i = 0; i < 6; i++) jobs.push(await makeJob({ sourceId, destinationIds: [destId], databases: { mode: "all" }, compression: "none", name: `Six ${i} ${unique()}` }));
    const slot = new Date("2026-02-01T03:00:00.000Z");
    for (const j of jobs) expect((await enqueueScheduledRun({ jobId: j.id, slot, trigger: "schedule" })).outcome).toBe("created");

    let maxRunning = 0;
    let maxTools = 0;
    const until = Date.now() + 120_000;
    for (;;) {
      maxTools = Math.max(maxTools, childrenOf(process.pid).filter((c) => c.comm === "sqlite3").length);
      maxRunning = Math.max(maxRunning, await db.execution.count({ where: { status: "Running" } }));
      if ((await db.execution.count({ where: { status: { in: ["Pending", "Running"] } } })) === 0) break;
      if (Date.now() > until) throw new Error("the queue did not drain");
      await sleep(5);
    }
    await drainQueue();
    expect(maxRunning).toBeLessThanOrEqual(2);
    expect(maxTools).toBeLessThanOrEqual(2);
    expect(maxTools).toBeGreaterThan(0); // the sampling did see the dump tools
    expect(maxRunning).toBe(2); // the runs did overlap, so the limit was what held them back
    const rows = await db.execution.findMany({ where: { jobId: { in: jobs.map((j) => j.id) } } });
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill("Success"));
  }, 180_000);
});
