/**
 * Restore round trips against real servers: back up, restore into a NEW name through the restore run
 * (preflight → verification → restore → summary), compare the data. Every engine and every destination
 * at least once; encrypted, zstd, gzip and none.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { startS3Server, type TestS3Server } from "./helpers/s3-server";
import { env } from "./helpers/services";
import { makeDestination, makeJob, makeProfile, makeSource, mysqlConfig, pgConfig, redisConfig, resetEngineDb, runLogs, s3ConfigFor, servicesAvailable, sftpConfig, unique } from "./engine/fixtures";
import { backUp, mysql, pgDrop, pgExists, psql, restore, restoreMeta, sqlite } from "./restore-helpers";

const run = servicesAvailable("postgres", "mysql", "redis", "ssh");
const U = `rt_${unique()}`;
const REDIS_SRC = 7;
const REDIS_DST = 8;

(run ? describe : describe.skip)("restore round trips", () => {
  let dir = "";
  let s3: TestS3Server;
  let local: { id: string };
  let s3dest: { id: string };
  let sftp: { id: string };
  let profile: Awaited<ReturnType<typeof makeProfile>>;
  const pgDbs: string[] = [];
  const myDbs: string[] = [];
  let redisA: Redis;

  beforeAll(async () => {
    await resetEngineDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-restore-"));
    fs.chmodSync(dir, 0o777);
    s3 = await startS3Server();
    local = await makeDestination("local", { path: path.join(dir, "local") });
    s3dest = await makeDestination("s3", s3ConfigFor(s3, "rt"));
    const sftpDir = `/tmp/bk-restore-sftp-${unique()}`;
    sftp = await makeDestination("sftp", sftpConfig(sftpDir));
    profile = await makeProfile(dir);
    redisA = new Redis({ host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD"), lazyConnect: true });
    await redisA.connect();
  }, 60_000);

  afterAll(async () => {
    for (const d of pgDbs) pgDrop(d);
    for (const d of myDbs) mysql(`DROP DATABASE IF EXISTS \`${d}\``);
    if (redisA) {
      for (const i of [REDIS_SRC, REDIS_DST]) {
        await redisA.select(i);
        await redisA.flushdb();
      }
      redisA.disconnect();
    }
    await s3?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("PostgreSQL → local, encrypted, zstd: restored into a new database with the same rows, summary counted", async () => {
    const src = `${U}_pg`;
    const dst = `${src}_restored`;
    pgDbs.push(src, dst);
    psql("postgres", `CREATE DATABASE ${src}`);
    psql(src, "CREATE TABLE orders (id int PRIMARY KEY, note text); INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 2500) g; CREATE TABLE empty_one (x int);");
    const source = await makeSource("postgres", pgConfig());
    const job = await makeJob({ sourceId: source.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "zstd", encryptionProfileId: profile.id });
    const [backup] = await backUp(job.id);
    const e = await restore({ backupId: backup!.id, targetSourceId: source.id, database: dst });
    expect(e.status, `${e.error}\n${(await runLogs(e.id)).join("\n")}`).toBe("Success");
    expect(e.type).toBe("Restore");
    expect(Number(e.bytesRead)).toBe(Number(backup!.sizeBytes));
    expect(psql(dst, "SELECT count(*) || ':' || md5(string_agg(note, ',' ORDER BY id)) FROM orders")).toBe(psql(src, "SELECT count(*) || ':' || md5(string_agg(note, ',' ORDER BY id)) FROM orders"));
    expect(restoreMeta(e).summary?.tables).toEqual([
      { name: "public.empty_one", rows: 0 },
      { name: "public.orders", rows: 2500 },
    ]);
    const logs = await runLogs(e.id);
    const verifiedAt = logs.findIndex((l) => /verified .* sha256 matches, age authentication passed/.test(l));
    const restoringAt = logs.findIndex((l) => /pg_restore into/.test(l));
    expect(verifiedAt).toBeGreaterThan(-1);
    expect(restoringAt).toBeGreaterThan(verifiedAt);
    const audit = await db.auditLog.findFirst({ where: { action: "backup.restore", resourceId: backup!.id } });
    expect(JSON.parse(audit!.details!)).toMatchObject({ database: dst, overwrite: false, targetSourceId: source.id });
  }, 120_000);

  it("MariaDB → S3, gzip: same rows in the new database", async () => {
    const src = `${U}_my`;
    const dst = `${src}_restored`;
    myDbs.push(src, dst);
    mysql(`CREATE DATABASE \`${src}\``);
    mysql("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50)); INSERT INTO items SELECT seq, CONCAT('n', seq) FROM seq_1_to_1200;", src);
    const source = await makeSource("mysql", mysqlConfig());
    const job = await makeJob({ sourceId: source.id, destinationIds: [s3dest.id], databases: { mode: "pick", names: [src] }, compression: "gzip" });
    const [backup] = await backUp(job.id);
    const e = await restore({ backupId: backup!.id, targetSourceId: source.id, database: dst });
    expect(e.status, `${e.error}\n${(await runLogs(e.id)).join("\n")}`).toBe("Success");
    const q = "SELECT COUNT(*), MD5(GROUP_CONCAT(name ORDER BY id)) FROM items";
    expect(mysql(q, dst)).toBe(mysql(q, src));
    expect(restoreMeta(e).summary?.tables).toEqual([{ name: "items", rows: 1200 }]);
  }, 120_000);

  it("SQLite → SFTP, no compression: a new file next to the original with the same rows", async () => {
    const file = path.join(dir, "app.db");
    sqlite(file, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 700) INSERT INTO t SELECT x, 'v' || x FROM c;");
    const source = await makeSource("sqlite", { path: file });
    const job = await makeJob({ sourceId: source.id, destinationIds: [sftp.id], databases: { mode: "all" }, compression: "none" });
    const [backup] = await backUp(job.id);
    const e = await restore({ backupId: backup!.id, targetSourceId: source.id, database: "app_restored" });
    expect(e.status, `${e.error}\n${(await runLogs(e.id)).join("\n")}`).toBe("Success");
    expect(sqlite(path.join(dir, "app_restored.db"), "SELECT count(*), sum(id) FROM t")).toBe(sqlite(file, "SELECT count(*), sum(id) FROM t"));
    expect(restoreMeta(e).summary?.tables).toEqual([{ name: "t", rows: 700 }]);
  }, 120_000);

  it("Redis → S3, encrypted, zstd: keys land in another db index; a non-empty target is refused without overwrite", async () => {
    await redisA.select(REDIS_SRC);
    await redisA.flushdb();
    for (let i = 0; i < 300; i++) await redisA.set(`k:${i}`, `v${i}`);
    await redisA.hset("h", { a: "1", b: "2" });
    const source = await makeSource("redis", redisConfig());
    const job = await makeJob({ sourceId: source.id, destinationIds: [s3dest.id], databases: { mode: "pick", names: [`db${REDIS_SRC}`] }, compression: "zstd", encryptionProfileId: profile.id });
    const [backup] = await backUp(job.id);
    await redisA.select(REDIS_DST);
    await redisA.flushdb();
    const e = await restore({ backupId: backup!.id, targetSourceId: source.id, database: `db${REDIS_DST}` });
    expect(e.status, `${e.error}\n${(await runLogs(e.id)).join("\n")}`).toBe("Success");
    expect(await redisA.dbsize()).toBe(301);
    expect(await redisA.get("k:42")).toBe("v42");
    expect(await redisA.hgetall("h")).toEqual({ a: "1", b: "2" });
    expect(restoreMeta(e).summary?.keys).toBe(301);

    const again = await restore({ backupId: backup!.id, targetSourceId: source.id, database: `db${REDIS_DST}` });
    expect(again.status).toBe("Failed");
    expect(again.error).toMatch(/already exists.*db8 holds 301 keys|db8 holds 301 keys/);
  }, 120_000);

  it("a database name full of the characters allowed ($ . -) restores fine; shell metacharacters are refused before anything runs", async () => {
    const src = `${U}_meta`;
    const dst = `r$${U}.x-$y$`;
    pgDbs.push(src, dst);
    psql("postgres", `CREATE DATABASE ${src}`);
    psql(src, "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 10);");
    const source = await makeSource("postgres", pgConfig());
    const job = await makeJob({ sourceId: source.id, destinationIds: [local.id], databases: { mode: "pick", names: [src] }, compression: "gzip" });
    const [backup] = await backUp(job.id);
    const e = await restore({ backupId: backup!.id, targetSourceId: source.id, database: dst });
    expect(e.status, e.error ?? "").toBe("Success");
    expect(pgExists(dst)).toBe(true);
    expect(psql("postgres", `SELECT 1`)).toBe("1");
    const before = await db.execution.count({ where: { type: "Restore" } });
    await expect(restore({ backupId: backup!.id, targetSourceId: source.id, database: `x; touch /tmp/pwned-${U}` })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(restore({ backupId: backup!.id, targetSourceId: source.id, database: "host=evil dbname=x" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db.execution.count({ where: { type: "Restore" } })).toBe(before);
    expect(fs.existsSync(`/tmp/pwned-${U}`)).toBe(false);
  }, 120_000);
});
