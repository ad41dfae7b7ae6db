/**
 * Restore drills on the other engines, through the whole service: SQLite (the scratch database is a
 * bunker_drill_<hex>.db file next to the scratch target's file) and Redis (an empty db index of the scratch
 * target, emptied afterwards; the key count is compared like a table's rows), and MariaDB refusing a check
 * that is more than one reading query before it reaches the server.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZDrillSettings } from "@/lib/drills/settings";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { parseCheckResults, parseTableCounts } from "@/server/services/drills/drill-result";
import { scratchEntries } from "@/server/services/drills/scratch-journal";
import { checkDrill } from "@/server/services/jobs/job-validation";
import { updateSettings } from "@/server/services/settings/update-settings";
import { REDIS_KEYS_TABLE } from "@/server/services/runs/table-counts";
import { makeDestination, makeJob, makeSource, mysqlConfig, redisConfig, resetEngineDb, servicesAvailable, unique, waitForRun } from "./engine/fixtures";
import { env } from "./helpers/services";
import { drill, drillOf } from "./drill-helpers";
import { backUp, mysql, sqlite } from "./restore-helpers";

const run = servicesAvailable("mysql", "redis");
const REDIS_SRC = 9;


(run ? describe : describe.skip)("restore drills on SQLite, Redis and MariaDB checks", () => {
  let dir = "";
  let local: { id: string };
  let redis: Redis;
  const myDbs: string[] = [];

  beforeAll(async () => {
    await resetEngineDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-drill-eng-"));
    local = await makeDestination("local", { path: path.join(dir, "local") });
    redis = new Redis({ host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD"), lazyConnect: true });
    await redis.connect();
  }, 60_000);

  afterAll(async () => {
    for (const d of myDbs) mysql(`DROP DATABASE IF EXISTS \`${d}\``);
    if (redis) {
      await redis.select(REDIS_SRC);
      await redis.flushdb();
      redis.disconnect();
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("SQLite: restored as bunker_drill_<hex>.db next to the scratch target's file, counted, checked, removed", async () => {
    const appDir = path.join(dir, "app");
    const scratchDir = path.join(dir, "scratch");
    fs.mkdirSync(appDir);
    fs.mkdirSync(scratchDir);
    const file = path.join(appDir, "app.db");
    sqlite(file, "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 900) INSERT INTO orders SELECT x, x * 1.5 FROM c; CREATE TABLE notes (t TEXT);");
    const scratchFile = path.join(scratchDir, "scratch.db");
    sqlite(scratchFile, "CREATE TABLE keep (x INT); INSERT INTO keep VALUES (1);");
    const source = await makeSource("sqlite", { path: file });
    const target = await makeSource("sqlite", { path: scratchFile });
    const job = await makeJob({ sourceId: source.id, destinationIds: [local.id], databases: { mode: "all" }, compression: "zstd" });
    const settings = { targetSourceId: target.id, checks: [{ name: "orders", sql: "SELECT count(*) FROM orders", expectation: "= 900", database: null }, { name: "total", sql: "SELECT sum(total) FROM orders;", expectation: "> 600000", database: null }] };
    await checkDrill({ sourceId: source.id, drill: ZDrillSettings.parse({ enabled: true, ...settings }) });
    await db.job.update({ where: { id: job.id }, data: { drill: drillOf(settings) } });
    const [backup] = await backUp(job.id);
    expect(JSON.parse(backup!.tableCounts ?? "null")).toEqual([{ name: "notes", rows: 0 }, { name: "orders", rows: 900 }]);

    const { e, result, logs } = await drill(job.id);
    expect(e.status, logs).toBe("Success");
    expect(result).toMatchObject({ status: "passed" });
    expect(result?.rtoMs).toBeGreaterThan(0);
    expect(parseTableCounts(result?.tableCounts)).toEqual([
      expect.objectContaining({ table: "notes", expected: 0, restored: 0, ok: true }),
      expect.objectContaining({ table: "orders", expected: 900, restored: 900, ok: true }),
    ]);
    expect(parseCheckResults(result?.checks).map((c) => [c.name, c.actual, c.passed])).toEqual([
      ["orders", "900", true],
      ["total", "608175", true],
    ]);
    const [entry] = scratchEntries(e.metadata);
    expect(entry).toMatchObject({ targetSourceId: target.id, status: "dropped" });
    expect(entry?.database).toMatch(/^bunker_drill_[0-9a-f]{12}$/);
    expect(logs).toContain(`${entry?.database}`);
    // Only the scratch target's own file is left; the source is untouched.
    expect(fs.readdirSync(scratchDir)).toEqual(["scratch.db"]);
    expect(sqlite(scratchFile, "SELECT count(*) FROM keep")).toBe("1");
    expect(sqlite(file, "SELECT count(*) FROM orders")).toBe("900");
  }, 120_000);

  it("Redis: an empty db index of the scratch target, the key count compared, the index emptied; drift when keys vanish; no SQL checks", async () => {
    await redis.select(REDIS_SRC);
    await redis.flushdb();
    for (let i = 0; i < 250; i++) await redis.set(`user:${i}`, `name ${i}`);
    await redis.hset("cfg", { a: "1" });
    const source = await makeSource("redis", redisConfig());
    const target = await makeSource("redis", redisConfig());
    const job = await makeJob({ sourceId: source.id, destinationIds: [local.id], databases: { mode: "pick", names: [`db${REDIS_SRC}`] }, compression: "gzip" });

    await expect(checkDrill({ sourceId: source.id, drill: ZDrillSettings.parse({ enabled: true, targetSourceId: target.id, checks: [{ name: "x", sql: "SELECT 1", expectation: "= 1" }] }) })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/no query language/),
    });
    await checkDrill({ sourceId: source.id, drill: ZDrillSettings.parse({ enabled: true, targetSourceId: target.id }) });
    await db.job.update({ where: { id: job.id }, data: { drill: drillOf({ targetSourceId: target.id }) } });
    const [backup] = await backUp(job.id);
    expect(JSON.parse(backup!.tableCounts ?? "null")).toEqual([{ name: REDIS_KEYS_TABLE, rows: 251 }]);

    const { e, result, logs } = await drill(job.id);
    expect(e.status, logs).toBe("Success");
    expect(parseTableCounts(result?.tableCounts)).toEqual([expect.objectContaining({ table: REDIS_KEYS_TABLE, expected: 251, restored: 251, ok: true })]);
    const [entry] = scratchEntries(e.metadata);
    expect(entry?.database).toMatch(/^db\d+$/);
    expect(entry?.database).not.toBe(`db${REDIS_SRC}`);
    expect(entry?.status).toBe("dropped");
    await redis.select(Number(entry!.database.slice(2)));
    expect(await redis.dbsize()).toBe(0);
    await redis.select(REDIS_SRC);
    expect(await redis.dbsize()).toBe(251);

    // Most keys vanish before the next backup: a drift warning on the run.
    for (let i = 0; i < 200; i++) await redis.del(`user:${i}`);
    const { startBackupRun } = await import("@/server/services/runs/start-backup-run");
    const next = await startBackupRun({ jobId: job.id, trigger: "manual", actor: SYSTEM_ACTOR });
    const done = await waitForRun(next.executionId, 60_000);
    expect(done.status).toBe("Success");
    expect(done.warning).toMatch(/\(keys\) lost 80% of its rows \(251 → 51\)/);
  }, 120_000);

  it("Redis: two drills on one scratch target at once borrow two different indexes", async () => {
    await redis.select(REDIS_SRC);
    await redis.flushdb();
    for (let i = 0; i < 40; i++) await redis.set(`k:${i}`, String(i));
    const target = await makeSource("redis", redisConfig());
    const jobs = [];
    for (let i = 0; i < 2; i++) {
      const job = await makeJob({ sourceId: (await makeSource("redis", redisConfig())).id, destinationIds: [local.id], databases: { mode: "pick", names: [`db${REDIS_SRC}`] }, compression: "none" });
      await db.job.update({ where: { id: job.id }, data: { drill: drillOf({ targetSourceId: target.id }) } });
      await backUp(job.id);
      jobs.push(job);
    }
    await updateSettings({ patch: { "queue.maxConcurrentRestores": 2 }, actor: SYSTEM_ACTOR });
    try {
      const runs = await Promise.all(jobs.map((j) => drill(j.id)));
      for (const r of runs) expect(r.e.status, r.logs).toBe("Success");
      const picked = runs.map((r) => scratchEntries(r.e.metadata)[0]?.database);
      expect(new Set(picked).size).toBe(2);
    } finally {
      await updateSettings({ patch: { "queue.maxConcurrentRestores": 1 }, actor: SYSTEM_ACTOR });
    }
  }, 120_000);

  it("MariaDB: a check with a second statement is refused before it reaches the server (no CREATE DATABASE happens)", async () => {
    const src = `drme_${unique()}`;
    const sneaky = `drme_sneaky_${unique()}`;
    myDbs.push(src, sneaky);
    mysql(`CREATE DATABASE \`${src}\``);
    mysql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2);", src);
    const my = await makeSource("mysql", mysqlConfig());
    const job = await makeJob({ sourceId: my.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "gzip" });
    const checks = [
      { name: "sneaky", sql: `SELECT 1; CREATE DATABASE \`${sneaky}\``, expectation: "= 1", database: null },
      { name: "write in a read", sql: "SELECT 1 INTO OUTFILE '/tmp/bunker-drill-outfile'", expectation: "= 1", database: null },
      { name: "rows", sql: "SELECT COUNT(*) FROM t", expectation: "= 2", database: null },
    ];
    await db.job.update({ where: { id: job.id }, data: { drill: drillOf({ targetSourceId: my.id, checks }) } });
    await backUp(job.id);
    const { e, result, logs } = await drill(job.id);
    expect(e.status, logs).toBe("Failed");
    const results = parseCheckResults(result?.checks);
    expect(results.map((c) => c.passed)).toEqual([false, false, true]);
    expect(results[0]?.error).toMatch(/one query/);
    expect(results[1]?.error).toMatch(/write files/);
    expect(mysql(`SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${sneaky}'`)).toBe("0");
    expect(mysql("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'bunker\\_drill\\_%'")).toBe("0");
  }, 120_000);
});
