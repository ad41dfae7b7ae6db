/**
 * The engine end to end against real servers: a PostgreSQL, a MariaDB, an SQLite and a Redis database,
 * each backed up by its own job to local + S3 + SFTP at once (encrypted; zstd or gzip). Every stored
 * artifact is read back from its destination, checked against its manifest and Backup row, decrypted
 * with the Debian `age` CLI, decompressed with `zstd`/`gunzip`, restored with the native tool (or, for
 * Redis, the adapter's restore) and compared with the source.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisSource } from "@/adapters/sources/redis";
import { parseManifest } from "@/lib/backup/manifest";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { mariadbArgs, mysql, psql, sqlite } from "../helpers/native-sql";
import { startS3Server, type TestS3Server } from "../helpers/s3-server";
import { env } from "../helpers/services";
import {
  decryptAndDecompress,
  makeDestination,
  makeJob,
  makeProfile,
  makeSource,
  metadataOf,
  mysqlConfig,
  openDestination,
  pgConfig,
  readAll,
  redisConfig,
  resetEngineDb,
  runLogs,
  s3ConfigFor,
  servicesAvailable,
  sftpConfig,
  sha256,
  unique,
  waitForRun,
} from "./fixtures";

const run = servicesAvailable("postgres", "mysql", "redis", "ssh");
const REDIS_SRC = 13;
const REDIS_DST = 14;

// ─── native tools ────────────────────────────────────────────────────────────

const shell = (script: string, extraEnv: Record<string, string> = {}) => {
  const r = spawnSync("bash", ["-c", `set -euo pipefail; ${script}`], { encoding: "utf8", env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
};

const pgChecksum = (database: string) =>
  psql(
    database,
    "SELECT (SELECT count(*) FROM orders) || ':' || (SELECT md5(string_agg(o::text, '|' ORDER BY id)) FROM orders o) || ':' || " +
      "(SELECT md5(string_agg(c::text, '|' ORDER BY code)) FROM customers c) || ':' || (SELECT count(*) FROM order_totals)",
  );

const myChecksum = (database: string) =>
  mysql(
    "SET SESSION group_concat_max_len = 100000000; " +
      "SELECT COUNT(*), MD5(GROUP_CONCAT(CONCAT_WS(',', id, name, amount, HEX(data), IFNULL(note, '-')) ORDER BY id SEPARATOR '|')) FROM items; " +
      "SELECT COUNT(*) FROM item_view",
    database,
  );

const sqliteChecksum = (file: string) =>
  sqlite(file, "SELECT count(*) || ':' || group_concat(id || ',' || name || ',' || v || ',' || hex(b), '|') FROM (SELECT * FROM t ORDER BY id); PRAGMA user_version;");

/** Every key with its type, value (by type, canonical order) and whether it has a TTL */
const redisSnapshot = async (c: Redis): Promise<Record<string, unknown>> => {
  const out: Record<string, unknown> = {};
  for (const key of (await c.keysBuffer("*")).sort(Buffer.compare)) {
    const type = await c.type(key);
    let value: unknown;
    if (type === "string") value = (await c.getBuffer(key))?.toString("hex");
    else if (type === "list") value = (await c.lrangeBuffer(key, 0, -1)).map((b) => b.toString("hex"));
    else if (type === "set") value = (await c.smembersBuffer(key)).map((b) => b.toString("hex")).sort();
    else if (type === "hash") value = Object.entries(await c.hgetallBuffer(key)).map(([f, v]) => `${f}=${v.toString("hex")}`).sort();
    else if (type === "zset") value = (await c.zrangeBuffer(key, "0", "-1", "WITHSCORES")).map((b) => b.toString("hex"));
    else throw new Error(`unexpected type ${type}`);
    out[key.toString("hex")] = { type, value, ttl: (await c.pttl(key)) > 0 };
  }
  return out;
};

(run ? describe : describe.skip)("backup engine matrix: 4 engines × local + S3 + SFTP, encrypted", () => {
  const u = unique();
  let tmp: string;
  let s3: TestS3Server;
  const sftpDir = `/tmp/bk-engine-sftp-${u}`;
  const pgDb = `engine_pg_${u}`;
  const myDb = `engine_my_${u}`;
  let sqliteFile: string;
  let redis: { src: Redis; dst: Redis };
  const cleanupPg: string[] = [pgDb];
  const cleanupMy: string[] = [myDb];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-engine-matrix-"));
    s3 = await startS3Server();
    await resetEngineDb();

    // PostgreSQL: two tables with unicode, bytea, numeric, timestamps, NULLs, a view
    psql("postgres", `CREATE DATABASE ${pgDb}`);
    psql(
      pgDb,
      `CREATE TABLE customers(code text PRIMARY KEY, name text NOT NULL);
       INSERT INTO customers SELECT 'c' || g, 'Kunde ' || g || ' ✓ ünïcødé' FROM generate_series(1, 500) g;
       CREATE TABLE orders(id int PRIMARY KEY, customer text REFERENCES customers(code), amount numeric(12,2), note text, data bytea, created timestamptz);
       INSERT INTO orders SELECT g, 'c' || (1 + g % 500), g * 1.25, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END,
         decode(md5(g::text), 'hex'), '2026-01-01 00:00:00+00'::timestamptz + g * interval '1 minute' FROM generate_series(1, 20000) g;
       CREATE VIEW order_totals AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;`,
    );

    // MariaDB: a table with binary data, NULLs and unicode, and a view
    mysql(`CREATE DATABASE ${myDb} CHARACTER SET utf8mb4`);
    mysql(
      `CREATE TABLE items(id INT PRIMARY KEY, name VARCHAR(100), amount DECIMAL(12,2), data VARBINARY(32), note TEXT) CHARACTER SET utf8mb4;
       INSERT INTO items SELECT seq, CONCAT('item ', seq, ' ✓ ü'), seq * 0.75, UNHEX(MD5(seq)), IF(seq % 5 = 0, NULL, CONCAT('n', seq)) FROM seq_1_to_8000;
       CREATE VIEW item_view AS SELECT id, name FROM items WHERE id % 2 = 0;`,
      myDb,
    );

    // SQLite: a file with text, reals, blobs and a user_version
    sqliteFile = path.join(tmp, "app.db");
    sqlite(
      sqliteFile,
      `PRAGMA user_version = 42; CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v REAL, b BLOB);
       WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) INSERT INTO t SELECT x, 'name ' || x || ' ✓', x * 0.5, randomblob(16) FROM c;`,
    );

    // Redis: every simple type, binary keys and values, TTLs
    redis = {
      src: new Redis({ host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD"), db: REDIS_SRC }),
      dst: new Redis({ host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD"), db: REDIS_DST }),
    };
    await redis.src.flushdb();
    await redis.dst.flushdb();
    const p = redis.src.pipeline();
    for (let i = 0; i < 2000; i++) p.set(Buffer.concat([Buffer.from(`str:${i}:`), Buffer.from([0xff, 0x00, i % 256])]), i % 2 ? `value ${i} ✓` : Buffer.from([i % 256, 0, 255]));
    for (let i = 0; i < 200; i++) {
      p.hset(`hash:${i}`, { a: "1", [`f${i}`]: "✓" });
      p.rpush(`list:${i}`, "x", String(i), "z");
      p.sadd(`set:${i}`, "m1", `m${i}`);
      p.zadd(`zset:${i}`, 1.5, "one", i, `n${i}`);
    }
    for (let i = 0; i < 100; i++) p.pexpire(`hash:${i}`, 3_600_000);
    await p.exec();
  }, 120_000);

  afterAll(async () => {
    await redis?.src.flushdb().catch(() => undefined);
    await redis?.dst.flushdb().catch(() => undefined);
    redis?.src.disconnect();
    redis?.dst.disconnect();
    for (const d of cleanupPg) {
      try {
        psql("postgres", `DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
      } catch {
        // best effort
      }
    }
    for (const d of cleanupMy) {
      try {
        mysql(`DROP DATABASE IF EXISTS ${d}`);
      } catch {
        // best effort
      }
    }
    await s3?.close();
    fs.rmSync(sftpDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("backs up all four engines to three destinations at once, and every artifact restores to the same data", async () => {
    const profile = await makeProfile(tmp);
    const local = await makeDestination("local", { path: path.join(tmp, "local") }, "local-dest");
    const s3dest = await makeDestination("s3", s3ConfigFor(s3, "bunker/"), "s3-dest");
    const sftp = await makeDestination("sftp", sftpConfig(sftpDir), "sftp-dest");
    const destinationIds = [local.id, s3dest.id, sftp.id];

    const pgSrc = await makeSource("postgres", pgConfig(), "production-pg");
    const mySrc = await makeSource("mysql", mysqlConfig(), "shop-mariadb");
    const liteSrc = await makeSource("sqlite", { path: sqliteFile }, "app-sqlite");
    const redisSrc = await makeSource("redis", redisConfig(), "cache-redis");

    const cases = [
      { engine: "postgres", ext: "dump", compression: "zstd" as const, job: await makeJob({ name: `PG ${u}`, sourceId: pgSrc.id, destinationIds, databases: { mode: "pick", names: [pgDb] }, compression: "zstd", encryptionProfileId: profile.id }), database: pgDb },
      { engine: "mysql", ext: "sql", compression: "gzip" as const, job: await makeJob({ name: `My ${u}`, sourceId: mySrc.id, destinationIds, databases: { mode: "pick", names: [myDb] }, compression: "gzip", compressionLevel: 9, encryptionProfileId: profile.id }), database: myDb },
      { engine: "sqlite", ext: "sql", compression: "zstd" as const, job: await makeJob({ name: `Lite ${u}`, sourceId: liteSrc.id, destinationIds, databases: { mode: "all" }, compression: "zstd", compressionLevel: 19, encryptionProfileId: profile.id }), database: "app" },
      { engine: "redis", ext: "jsonl", compression: "gzip" as const, job: await makeJob({ name: `Redis ${u}`, sourceId: redisSrc.id, destinationIds, databases: { mode: "pick", names: [`db${REDIS_SRC}`] }, compression: "gzip", encryptionProfileId: profile.id }), database: `db${REDIS_SRC}` },
    ];

    // All four jobs at once, each writing to three destinations at once.
    const t0 = performance.now();
    const started = await Promise.all(cases.map((c) => startBackupRun({ jobId: c.job.id, trigger: "manual", actor: SYSTEM_ACTOR })));
    const executions = await Promise.all(started.map((s) => waitForRun(s.executionId, 120_000)));
    const runMs = performance.now() - t0;

    const dests = { [local.id]: await openDestination(local.id), [s3dest.id]: await openDestination(s3dest.id), [sftp.id]: await openDestination(sftp.id) };
    const t1 = performance.now();
    let restores = 0;
    for (const [i, c] of cases.entries()) {
      const e = executions[i]!;
      const logs = await runLogs(e.id);
      expect(e.status, `${c.engine}: ${e.error ?? ""}\n${logs.join("\n")}`).toBe("Success");
      expect(e.error).toBeNull();
      expect(e.endedAt).toBeInstanceOf(Date);
      expect(Number(e.bytesRead)).toBeGreaterThan(0);
      expect(Number(e.bytesStored)).toBeGreaterThan(0);

      // Logs: each step, no secret
      const sourceName = (await db.adapterConfig.findUniqueOrThrow({ where: { id: c.job.sourceId } })).name;
      expect(logs.some((l) => l.startsWith(`info source ${sourceName}: `))).toBe(true);
      expect(logs).toContain(`info dumping ${c.database}`);
      expect(logs.some((l) => new RegExp(`^info ${c.database}: [\\d.]+ [kMG]?B read, [\\d.]+ [kMG]?B stored, sha256 [0-9a-f]{64}$`).test(l))).toBe(true);
      for (const name of ["local-dest (local)", "s3-dest (s3)", "sftp-dest (sftp)"]) expect(logs.some((l) => l.startsWith(`info wrote ${c.database} to ${name}: `))).toBe(true);
      const allLogs = logs.join("\n");
      for (const secret of [env("PGPASSWORD"), env("MYSQL_PASSWORD"), env("REDIS_PASSWORD"), profile.identity, "PRIVATE KEY"]) {
        expect(allLogs.includes(secret)).toBe(false);
      }

      // Metadata: one database, three ok destinations with the key
      const meta = metadataOf(e);
      expect(meta.databases).toHaveLength(1);
      expect(meta.databases[0]).toMatchObject({ name: c.database, status: "ok", bytesRead: Number(e.bytesRead), bytesStored: Number(e.bytesStored) });

      // Backup rows: one per destination, same key and sha256
      const backups = await db.backup.findMany({ where: { executionId: e.id }, orderBy: { destinationId: "asc" } });
      expect(backups.map((b) => b.destinationId).sort()).toEqual([...destinationIds].sort());
      const key = backups[0]!.key;
      const slug = c.job.slug;
      const date = e.startedAt!.toISOString().slice(0, 10);
      expect(key).toMatch(new RegExp(`^${slug}/${date}/${slug}_${c.database}_\\d{8}T\\d{6}Z\\.${c.ext}\\.${c.compression === "zstd" ? "zst" : "gz"}\\.age$`));
      expect(meta.databases[0]!.destinations.map((d) => ({ id: d.id, status: d.status, key: d.key }))).toEqual(destinationIds.map((id) => ({ id, status: "ok", key })));

      for (const b of backups) {
        expect(b).toMatchObject({
          key,
          manifestKey: `${key}.manifest.json`,
          jobId: c.job.id,
          databaseName: c.database,
          engine: c.engine,
          compression: c.compression,
          encryptionProfileId: profile.id,
          recipient: profile.recipient,
          sha256: backups[0]!.sha256,
        });
        if (c.engine !== "redis") expect(b.toolVersion).toBeTruthy(); // redis has no dump tool
        expect(b.serverVersion).toBeTruthy();

        const dest = dests[b.destinationId]!;
        // Exactly the artifact and its manifest on this destination for this job
        expect((await dest.list(`${slug}/`)).map((o) => o.key).sort()).toEqual([key, `${key}.manifest.json`]);
        const manifestText = (await readAll(await dest.read(b.manifestKey))).toString("utf8");
        const parsed = parseManifest(manifestText);
        if (!parsed.ok) throw new Error(parsed.error);
        const m = parsed.manifest;
        expect(JSON.parse(b.manifest)).toEqual(m);
        expect(m).toMatchObject({
          format: "bunker-backup-manifest",
          formatVersion: 1,
          job: { id: c.job.id, name: c.job.name, slug },
          source: { engine: c.engine, adapterId: c.engine },
          database: c.database,
          key,
          compression: { algorithm: c.compression },
          encryption: { format: "age-v1", recipients: [profile.recipient] },
        });
        expect(manifestText).not.toContain("AGE-SECRET-KEY");

        // The stored bytes: sha256 = manifest = row; size = manifest = row
        const stored = await readAll(await dest.read(key));
        expect(sha256(stored)).toBe(m.sha256);
        expect(m.sha256).toBe(b.sha256);
        expect(stored.length).toBe(m.storedBytes);
        expect(Number(b.sizeBytes)).toBe(m.storedBytes);
        expect(Number(b.rawBytes)).toBe(m.rawBytes);
        expect(stored.subarray(0, 22).toString("latin1")).toBe("age-encryption.org/v1\n");

        // Decrypt with age, decompress with the CLI, restore natively, compare
        const file = path.join(tmp, `${c.engine}-${b.destinationId}${path.extname(key)}`);
        fs.writeFileSync(file, stored);
        const plain = decryptAndDecompress(file, profile.identityFile, c.compression, true);
        expect(fs.statSync(plain).size).toBe(m.rawBytes);
        const target = `restored_${c.engine}_${restores++}_${u}`;
        if (c.engine === "postgres") {
          cleanupPg.push(target);
          psql("postgres", `CREATE DATABASE ${target}`);
          shell(`pg_restore --no-owner --exit-on-error -d '${target}' '${plain}'`);
          expect(pgChecksum(target)).toBe(pgChecksum(pgDb));
        } else if (c.engine === "mysql") {
          cleanupMy.push(target);
          mysql(`CREATE DATABASE ${target}`);
          shell(`mariadb ${mariadbArgs().join(" ")} '${target}' < '${plain}'`, { MYSQL_PWD: env("MYSQL_PASSWORD") });
          expect(myChecksum(target)).toBe(myChecksum(myDb));
        } else if (c.engine === "sqlite") {
          const restored = path.join(tmp, `${target}.db`);
          shell(`sqlite3 '${restored}' < '${plain}'`);
          expect(sqliteChecksum(restored)).toBe(sqliteChecksum(sqliteFile));
          expect(sqlite(restored, "PRAGMA integrity_check")).toBe("ok");
        } else {
          await redis.dst.flushdb();
          await redisSource.restore(
            { host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD"), tls: false },
            { database: `db${REDIS_DST}`, input: fs.createReadStream(plain), createDatabase: false },
            { tmpDir: tmp },
          );
          const [a, z] = await Promise.all([redisSnapshot(redis.src), redisSnapshot(redis.dst)]);
          expect(Object.keys(z).length).toBe(2800);
          expect(z).toEqual(a);
        }
      }
    }
    expect(restores).toBe(12);
    console.info(`[engine matrix] 4 jobs × 3 destinations backed up in ${Math.round(runMs)} ms; 12 artifacts verified and restored in ${Math.round(performance.now() - t1)} ms`);
  }, 300_000);
});
