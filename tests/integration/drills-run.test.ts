/**
 * Restore drills end to end against real PostgreSQL and MariaDB: row counts recorded at backup time,
 * a passing drill (started after the backup), a failing check that notifies, a crafted dump missing a
 * table caught by the count comparison, a drift warning after a TRUNCATE, a cancelled drill; the
 * scratch database is gone after every outcome.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { createAdapterConfig } from "@/server/services/adapters/create-adapter-config";
import { parseCheckResults, parseTableCounts } from "@/server/services/drills/drill-result";
import { startDrillRun } from "@/server/services/drills/start-drill-run";
import { jobRecoveryObjectives } from "@/server/services/objectives/job-recovery-objectives";
import { cancelRun } from "@/server/services/runs/cancel-run";
import { makeDestination, makeJob, makeSource, mysqlConfig, pgConfig, resetEngineDb, runLogs, servicesAvailable, unique, waitForRun } from "./engine/fixtures";
import { drill, drillOf } from "./drill-helpers";
import { backUp, mysql, pgDrop, psql } from "./restore-helpers";

const run = servicesAvailable("postgres", "mysql");
const U = `dr_${unique()}`;

const pgDrillDbs = () => psql("postgres", "SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE 'bunker\\_drill\\_%'");
const myDrillDbs = () => mysql("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'bunker\\_drill\\_%'");


/** Waits until the notifier's delivery row for the event exists. */
const notified = async (event: string, jobId: string) => {
  for (let i = 0; i < 100; i++) {
    const row = await db.notificationLog.findFirst({ where: { event, jobId } });
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
};

(run ? describe : describe.skip)("restore drills", () => {
  let dir = "";
  let local: { id: string };
  let pgSource: { id: string };
  let mySource: { id: string };
  let notifier: { id: string };
  const pgDbs: string[] = [];
  const myDbs: string[] = [];

  beforeAll(async () => {
    await resetEngineDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-drill-"));
    local = await makeDestination("local", { path: path.join(dir, "local") });
    pgSource = await makeSource("postgres", pgConfig());
    mySource = await makeSource("mysql", mysqlConfig());
    // A webhook nobody listens on: the delivery fails, but its log row proves the event fired.
    notifier = await createAdapterConfig({ kind: "notifier", data: { adapterId: "webhook", name: `hook-${unique()}`, config: { url: "http://127.0.0.1:9/hook" } }, actor: SYSTEM_ACTOR });
  }, 60_000);

  afterAll(async () => {
    for (const d of pgDbs) pgDrop(d);
    for (const d of myDbs) mysql(`DROP DATABASE IF EXISTS \`${d}\``);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const listen = (jobId: string, events: string[]) => db.jobNotifier.create({ data: { jobId, notifierId: notifier.id, events: JSON.stringify(events) } });

  it("PostgreSQL: counts recorded at backup time; a drill after the backup passes: counts match, 3/3 checks, RTO, scratch dropped, backup verified", async () => {
    const src = `${U}_pg`;
    pgDbs.push(src);
    psql("postgres", `CREATE DATABASE ${src}`);
    psql(src, "CREATE TABLE orders (id int PRIMARY KEY, created_at timestamptz DEFAULT now()); INSERT INTO orders (id) SELECT g FROM generate_series(1, 2500) g; CREATE TABLE empty_one (x int);");
    const job = await makeJob({ sourceId: pgSource.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "zstd" });
    await db.job.update({
      where: { id: job.id },
      data: {
        drill: drillOf({
          targetSourceId: pgSource.id,
          schedule: { mode: "after-backup" },
          checks: [
            { name: "recent orders", sql: "SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'", expectation: "> 0", database: null },
            { name: "exact", sql: "SELECT count(*) FROM orders", expectation: "= 2500", database: null },
            { name: "range", sql: "SELECT max(id) FROM orders", expectation: "between 2000 and 3000", database: null },
          ],
        }),
      },
    });
    const [backup] = await backUp(job.id);
    expect(JSON.parse(backup!.tableCounts ?? "null")).toEqual([
      { name: "public.empty_one", rows: 0 },
      { name: "public.orders", rows: 2500 },
    ]);

    // "after every backup": the run queued the drill itself.
    let drillExec = null;
    for (let i = 0; i < 100 && !drillExec; i++) {
      drillExec = await db.execution.findFirst({ where: { jobId: job.id, type: "Drill" } });
      if (!drillExec) await new Promise((r) => setTimeout(r, 50));
    }
    expect(drillExec, "a drill queued after the backup").not.toBeNull();
    const e = await waitForRun(drillExec!.id, 120_000);
    const logs = (await runLogs(e.id)).join("\n");
    expect(e.status, `${e.error}\n${logs}`).toBe("Success");
    const result = await db.drillResult.findUniqueOrThrow({ where: { executionId: e.id } });
    expect(result.status).toBe("passed");
    expect(result.backupId).toBe(backup!.id);
    expect(result.rtoMs).toBeGreaterThan(0);
    expect(parseTableCounts(result.tableCounts).map(({ table, expected, restored, ok }) => ({ table, expected, restored, ok }))).toEqual([
      { table: "public.empty_one", expected: 0, restored: 0, ok: true },
      { table: "public.orders", expected: 2500, restored: 2500, ok: true },
    ]);
    const checks = parseCheckResults(result.checks);
    expect(checks.map((c) => [c.name, c.actual, c.passed])).toEqual([
      ["recent orders", "2500", true],
      ["exact", "2500", true],
      ["range", "2500", true],
    ]);
    expect(logs).toMatch(/passed: .*restored 2,500 rows in .* s, 3\/3 checks passed/);
    expect(logs).toMatch(/dropped the scratch database bunker_drill_[0-9a-f]{12}/);
    expect(pgDrillDbs()).toBe("");
    const b = await db.backup.findUniqueOrThrow({ where: { id: backup!.id } });
    expect(b.verifyStatus).toBe("ok");
    const o = await jobRecoveryObjectives(job.id);
    expect(o?.rto.lastMs).toBe(result.rtoMs);
    expect(o?.rto.lastDrillStatus).toBe("passed");
  }, 180_000);

  it("MariaDB: a failing check fails the drill and notifies drill.failed; the scratch database is dropped", async () => {
    const src = `${U}_my`;
    myDbs.push(src);
    mysql(`CREATE DATABASE \`${src}\``);
    mysql("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50)); INSERT INTO items SELECT seq, CONCAT('n', seq) FROM seq_1_to_1200;", src);
    const job = await makeJob({ sourceId: mySource.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "gzip" });
    await db.job.update({
      where: { id: job.id },
      data: {
        drill: drillOf({
          targetSourceId: mySource.id,
          checks: [
            { name: "items exist", sql: "SELECT COUNT(*) FROM items", expectation: "> 0", database: null },
            { name: "too many", sql: "SELECT COUNT(*) FROM items", expectation: ">= 5000", database: null },
          ],
        }),
      },
    });
    await listen(job.id, ["drill.failed"]);
    const [backup] = await backUp(job.id);
    expect(JSON.parse(backup!.tableCounts ?? "null")).toEqual([{ name: "items", rows: 1200 }]);
    const { e, result, logs } = await drill(job.id);
    expect(e.status, logs).toBe("Failed");
    expect(e.error).toMatch(/check "too many": got 1200, expected >= 5000/);
    expect(result?.status).toBe("failed");
    expect(parseCheckResults(result?.checks).map((c) => c.passed)).toEqual([true, false]);
    expect(parseTableCounts(result?.tableCounts).every((t) => t.ok)).toBe(true);
    expect(myDrillDbs()).toBe("0");
    const n = await notified("drill.failed", job.id);
    expect(n?.title).toMatch(/Restore drill failed/);
  }, 180_000);

  it("MariaDB: a crafted dump without one table is caught by the count comparison", async () => {
    const src = `${U}_craft`;
    myDbs.push(src);
    mysql(`CREATE DATABASE \`${src}\``);
    mysql("CREATE TABLE keepme (id INT PRIMARY KEY); INSERT INTO keepme SELECT seq FROM seq_1_to_50; CREATE TABLE audit (id INT PRIMARY KEY); INSERT INTO audit SELECT seq FROM seq_1_to_70;", src);
    const job = await makeJob({ sourceId: mySource.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "none" });
    await db.job.update({ where: { id: job.id }, data: { drill: drillOf({ targetSourceId: mySource.id }) } });
    const [backup] = await backUp(job.id);
    // Remove every statement about `audit` from the stored dump, then record the new bytes as the backup's.
    const file = path.join(dir, "local", backup!.key);
    const kept: string[] = [];
    let skipping = false;
    for (const l of fs.readFileSync(file, "utf8").split("\n")) {
      if (skipping) {
        skipping = !l.trimEnd().endsWith(";");
        continue;
      }
      if (l.includes("`audit`")) {
        skipping = !l.startsWith("--") && !l.trimEnd().endsWith(";");
        continue;
      }
      kept.push(l);
    }
    const crafted = Buffer.from(kept.join("\n"), "utf8");
    expect(crafted.toString()).not.toMatch(/CREATE TABLE `audit`/);
    fs.writeFileSync(file, crafted);
    await db.backup.update({ where: { id: backup!.id }, data: { sha256: createHash("sha256").update(crafted).digest("hex"), sizeBytes: BigInt(crafted.length) } });

    const { e, result, logs } = await drill(job.id);
    expect(e.status, logs).toBe("Failed");
    expect(e.error).toMatch(/audit: missing after the restore/);
    expect(parseTableCounts(result?.tableCounts).find((t) => t.table === "audit")).toMatchObject({ expected: 70, restored: null, ok: false });
    expect(parseTableCounts(result?.tableCounts).find((t) => t.table === "keepme")).toMatchObject({ expected: 50, restored: 50, ok: true });
    expect(myDrillDbs()).toBe("0");
  }, 180_000);

  it("PostgreSQL: a table truncated between two backups warns (drift) and notifies", async () => {
    const src = `${U}_drift`;
    pgDbs.push(src);
    psql("postgres", `CREATE DATABASE ${src}`);
    psql(src, "CREATE TABLE events (id int PRIMARY KEY, body text); INSERT INTO events SELECT g, repeat('x', 200) FROM generate_series(1, 3000) g; CREATE TABLE small (id int); INSERT INTO small VALUES (1), (2);");
    const job = await makeJob({ sourceId: pgSource.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "zstd" });
    await listen(job.id, ["drift"]);
    await backUp(job.id);
    psql(src, "TRUNCATE events");
    const [second] = await backUp(job.id);
    const e = await db.execution.findUniqueOrThrow({ where: { id: second!.executionId! } });
    expect(e.status).toBe("Success");
    expect(e.warning).toMatch(/drift: .*table public\.events lost 100% of its rows \(3,000 → 0\)/);
    expect(e.warning).toMatch(/smaller than the previous backup/);
    expect((await runLogs(e.id)).join("\n")).toMatch(/warn drift: /);
    const n = await notified("drift", job.id);
    expect(n?.title).toMatch(/Backup drift/);
  }, 180_000);

  it("a cancelled drill still drops its scratch database", async () => {
    const src = `${U}_cancel`;
    pgDbs.push(src);
    psql("postgres", `CREATE DATABASE ${src}`);
    psql(src, "CREATE TABLE big (id int PRIMARY KEY, body text); INSERT INTO big SELECT g, md5(g::text) || md5((g+1)::text) FROM generate_series(1, 400000) g;");
    const job = await makeJob({ sourceId: pgSource.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "none" });
    await db.job.update({ where: { id: job.id }, data: { drill: drillOf({ targetSourceId: pgSource.id }) } });
    await backUp(job.id);
    const { executionId } = await startDrillRun({ jobId: job.id, actor: SYSTEM_ACTOR, trigger: "manual" });
    // Cancel once the scratch database exists: the restore into it is under way.
    for (let i = 0; i < 2000 && pgDrillDbs() === ""; i++) await new Promise((r) => setTimeout(r, 5));
    expect(pgDrillDbs()).toMatch(/^bunker_drill_/);
    await cancelRun({ executionId, actor: SYSTEM_ACTOR });
    const e = await waitForRun(executionId, 60_000);
    const logs = (await runLogs(executionId)).join("\n");
    expect(e.status, logs).toBe("Cancelled");
    expect(logs).toMatch(/dropped the scratch database/);
    expect(pgDrillDbs()).toBe("");
    // Kept in the history as cancelled, never as the job's last drill.
    expect((await db.drillResult.findUnique({ where: { executionId } }))?.status).toBe("cancelled");
    expect((await jobRecoveryObjectives(job.id))?.rto.lastDrillStatus).toBeNull();
    const journal = await db.execution.findUnique({ where: { id: executionId }, select: { metadata: true } });
    expect(journal?.metadata).toMatch(/"status":"dropped"/);
  }, 180_000);

  it("PostgreSQL: checks are one reading query, run read-only (a write inside a SELECT fails the check too)", async () => {
    const src = `${U}_ro`;
    pgDbs.push(src);
    psql("postgres", `CREATE DATABASE ${src}`);
    psql(src, "CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
    const job = await makeJob({ sourceId: pgSource.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "gzip" });
    await db.job.update({
      where: { id: job.id },
      data: {
        drill: drillOf({
          targetSourceId: pgSource.id,
          checks: [
            { name: "write", sql: "INSERT INTO t VALUES (2) RETURNING id", expectation: "= 2", database: null },
            { name: "commit then write", sql: "COMMIT; CREATE TABLE x (i int); SELECT 1", expectation: "= 1", database: null },
            { name: "write in a CTE", sql: "WITH d AS (DELETE FROM t RETURNING 1) SELECT count(*) FROM d", expectation: "= 1", database: null },
            { name: "read", sql: "SELECT count(*) FROM t;", expectation: "= 1", database: null },
          ],
        }),
      },
    });
    await backUp(job.id);
    const { e, result, logs } = await drill(job.id);
    expect(e.status, logs).toBe("Failed");
    const checks = parseCheckResults(result?.checks);
    expect(checks.map((c) => c.passed)).toEqual([false, false, false, true]);
    // Saved before the rule (straight into the table): refused before they reach the server.
    expect(checks[0]?.error).toMatch(/start it with SELECT/);
    expect(checks[1]?.error).toMatch(/one query/);
    // One reading statement that writes anyway: the read-only transaction stops it.
    expect(checks[2]?.error).toMatch(/read-only transaction/);
    expect(pgDrillDbs()).toBe("");
  }, 180_000);

  it("refuses to start when drills are off", async () => {
    const job = await makeJob({ sourceId: pgSource.id, destinationIds: [local.id], databases: { mode: "pick", names: ["postgres"] } });
    await expect(startDrillRun({ jobId: job.id, actor: SYSTEM_ACTOR, trigger: "manual" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});
