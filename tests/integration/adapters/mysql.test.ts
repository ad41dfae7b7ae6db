/** The MySQL/MariaDB source adapter against the real MariaDB 10.11 server from scripts/services/up.sh. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdapterError } from "@/adapters/errors";
import { mysqlSource } from "@/adapters/sources/mysql";
import { type MysqlConfig, mysqlConfig } from "@/adapters/sources/mysql/config";
import type { AdapterContext } from "@/adapters/types";
import { describeWithService, env } from "../helpers/services";

const RUN = `bk_${process.pid}_${randomBytes(3).toString("hex")}`;
const dbName = (tag: string) => `${RUN}_${tag}`;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

type Conn = { host: string; port: number; user: string; password: string };

/** The mariadb client as an admin, outside the adapter (password through MYSQL_PWD, not argv). */
const sql = (conn: Conn, statements: string, database?: string): string =>
  execFileSync("mariadb", ["--no-defaults", "--protocol=TCP", "--default-character-set=utf8mb4", "-h", conn.host, "-P", String(conn.port), "-u", conn.user, "-N", "-B", ...(database ? [database] : [])], {
    input: statements,
    env: { ...process.env, MYSQL_PWD: conn.password },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  }).replace(/\n$/, "");

const SEED = `
SET SESSION group_concat_max_len = 100000000;
CREATE TABLE items (
  id INT AUTO_INCREMENT PRIMARY KEY,
  label VARCHAR(255),
  body LONGTEXT,
  price DECIMAL(20,6),
  ratio DOUBLE,
  happened DATETIME(6),
  stamp TIMESTAMP(3) NULL DEFAULT NULL,
  meta JSON,
  feeling ENUM('sad','ok','happy'),
  flags SET('a','b','c'),
  payload LONGBLOB,
  bits BIT(5),
  updated_at DATETIME NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE \`odd \`\`name\`\`\` (k VARCHAR(20) PRIMARY KEY, v TEXT) DEFAULT CHARSET=utf8mb4;
CREATE TRIGGER items_touch BEFORE INSERT ON items FOR EACH ROW SET NEW.updated_at = '2000-01-01 00:00:00';
DELIMITER //
CREATE PROCEDURE add_item(IN l VARCHAR(255))
BEGIN
  INSERT INTO items (label) VALUES (CONCAT('added: ', l));
END//
DELIMITER ;
CREATE VIEW happy_items AS SELECT id, label FROM items WHERE feeling = 'happy';
INSERT INTO items (label, body, price, ratio, happened, stamp, meta, feeling, flags, payload, bits) VALUES
  ('emoji 😀🎉 CJK 日本語 中文 RTL עברית العربية', 'tabs\\tand\\nnewlines \\\\ and ''quotes"', 12345678901234.123456, -1.5e-300,
   '2024-02-29 23:59:59.123456', '2024-02-29 12:00:00.123', '{"a": [1, 2, {"b": null}], "ü": "ß"}', 'happy', 'a,c', X'00FF10', b'10101'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('empty', '', 0, 0, '1000-01-01 00:00:00', NULL, '[]', 'sad', '', X'', b'0');
-- about 5 MB of incompressible bytes in one row and 4.5 MB of text in another
INSERT INTO items (label, payload) SELECT 'large blob', GROUP_CONCAT(UNHEX(MD5(seq)) ORDER BY seq SEPARATOR '') FROM seq_1_to_330000;
INSERT INTO items (label, body) VALUES ('large text', REPEAT('ü日😀 ', 500000));
INSERT INTO items (label, price) SELECT CONCAT('bulk ', seq), seq / 7 FROM seq_1_to_2000;
ALTER TABLE items AUTO_INCREMENT = 5000;
INSERT INTO \`odd \`\`name\`\`\` VALUES ('ключ', 'значение'), ('k2', NULL);
`;

const tableNames = (conn: Conn, database: string) =>
  sql(conn, `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${database}' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`)
    .split("\n")
    .filter(Boolean);

/** CHECKSUM TABLE of every base table, keyed by table name. */
const checksums = (conn: Conn, database: string): Record<string, string> => {
  const tables = tableNames(conn, database);
  const out = sql(conn, `CHECKSUM TABLE ${tables.map((t) => `\`${t.replace(/`/g, "``")}\``).join(", ")}`, database);
  return Object.fromEntries(out.split("\n").map((l) => [l.split("\t")[0]?.replace(/^[^.]*\./, "") ?? "", l.split("\t")[1] ?? ""]));
};

const definitions = (conn: Conn, database: string) => ({
  table: sql(conn, "SHOW CREATE TABLE items", database).split("\t")[1],
  view: sql(conn, "SHOW CREATE VIEW happy_items", database).split("\t")[1],
  trigger: sql(conn, "SHOW CREATE TRIGGER items_touch", database).split("\t")[2],
  procedure: sql(conn, "SHOW CREATE PROCEDURE add_item", database).split("\t")[2],
});

const expectAdapterError = async (p: Promise<unknown>, code: string, text?: string | RegExp): Promise<AdapterError> => {
  const e = (await p.then(
    () => {
      throw new Error(`expected ${code}, but it succeeded`);
    },
    (err: unknown) => err,
  )) as AdapterError;
  expect(e.name).toBe("AdapterError");
  expect(e.code, e.message).toBe(code);
  if (text) expect(e.message).toMatch(text);
  return e;
};

describeWithService("mysql", "MySQL / MariaDB source adapter", () => {
  let conn: Conn;
  let config: MysqlConfig;
  let tmpDir: string;
  let ctx: AdapterContext;
  let dumpFile: string;
  const timings: Record<string, number> = {};

  const exists = (database: string) => sql(conn, `SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${database}'`) === "1";

  beforeAll(() => {
    conn = { host: env("MYSQL_HOST"), port: Number(env("MYSQL_PORT")), user: env("MYSQL_USER"), password: env("MYSQL_PASSWORD") };
    config = mysqlConfig.parse(conn);
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-mysql-adapter-"));
    ctx = { tmpDir };
    dumpFile = path.join(tmpDir, "source.sql");
    sql(conn, `CREATE DATABASE ${dbName("src")} CHARACTER SET utf8mb4`);
    sql(conn, SEED, dbName("src"));
    // A reference dump made by the CLI, so the restore tests do not depend on the round trip.
    const out = fs.openSync(dumpFile, "w");
    execFileSync(
      "mariadb-dump",
      ["--no-defaults", "--protocol=TCP", "--default-character-set=utf8mb4", "-h", conn.host, "-P", String(conn.port), "-u", conn.user, "--single-transaction", "--routines", "--triggers", "--hex-blob", dbName("src")],
      { env: { ...process.env, MYSQL_PWD: conn.password }, stdio: ["ignore", out, "pipe"] },
    );
    fs.closeSync(out);
  }, 60_000);

  afterAll(() => {
    if (conn) {
      const mine = sql(conn, `SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '${RUN}%'`).split("\n").filter(Boolean);
      for (const d of mine) sql(conn, `DROP DATABASE IF EXISTS \`${d}\``);
      sql(conn, `DROP USER IF EXISTS '${RUN}'@'127.0.0.1'`);
    }
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    if (Object.keys(timings).length > 0) console.info(`[mysql adapter timings] ${JSON.stringify(timings)}`);
  });

  describe("probes", () => {
    it("test() reports the server version, the database count and the latency", async () => {
      const r = await mysqlSource.test(config, ctx);
      expect(r).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^MariaDB 10\.\d+\.\d+$/), details: expect.stringMatching(/^\d+ databases?$/) });
      // No option file is left behind.
      expect(fs.readdirSync(tmpDir).filter((f) => f.endsWith(".cnf"))).toEqual([]);
    });

    it("serverVersion() and listDatabases() (no system schemas, sorted)", async () => {
      expect(await mysqlSource.serverVersion(config, ctx)).toMatch(/^MariaDB 10\.11\.\d+$/);
      const list = await mysqlSource.listDatabases(config, ctx);
      expect(list).toContain(dbName("src"));
      for (const system of ["information_schema", "performance_schema", "mysql", "sys"]) expect(list).not.toContain(system);
      expect([...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(list);
    });

    it('host "localhost" still connects over TCP (root@localhost over the socket is another account)', async () => {
      const r = await mysqlSource.test({ ...config, host: "localhost" }, ctx);
      expect(r).toMatchObject({ ok: true });
    });

    it("a password full of option-file metacharacters reaches the server intact", async () => {
      const password = `q"uo\\te#hash; 'single' = eq  trailing\\`;
      const literal = password.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
      sql(conn, `CREATE USER '${RUN}'@'127.0.0.1' IDENTIFIED BY '${literal}'; GRANT SELECT ON *.* TO '${RUN}'@'127.0.0.1';`);
      expect(await mysqlSource.test({ ...config, user: RUN, password }, ctx)).toMatchObject({ ok: true });
      expect(await mysqlSource.test({ ...config, user: RUN, password: password.slice(0, -1) }, ctx)).toMatchObject({ ok: false });
    });
  });

  describe("round trip", () => {
    it("dump → file → restore into a new database: same tables, view, trigger, procedure; AUTO_INCREMENT continues", async () => {
      const adapterDump = path.join(tmpDir, "adapter.sql");
      let t0 = performance.now();
      const handle = await mysqlSource.dump(config, dbName("src"), ctx);
      await pipeline(handle.stream, fs.createWriteStream(adapterDump));
      const info = await handle.done;
      timings.dumpMs = Math.round(performance.now() - t0);
      timings.dumpBytes = fs.statSync(adapterDump).size;
      expect(info).toEqual({ toolVersion: expect.stringMatching(/^mariadb-dump 10\.\d+\.\d+$/), serverVersion: expect.stringMatching(/^MariaDB 10\./) });
      const text = fs.readFileSync(adapterDump, "utf8");
      expect(text).not.toMatch(/^CREATE DATABASE|^USE /m);
      expect(text).toContain("-- Dump completed");
      expect(fs.readdirSync(tmpDir).filter((f) => f.endsWith(".cnf"))).toEqual([]);

      t0 = performance.now();
      await mysqlSource.restore(config, { database: dbName("copy"), input: fs.createReadStream(adapterDump), createDatabase: true }, ctx);
      timings.restoreMs = Math.round(performance.now() - t0);

      const copy = dbName("copy");
      const sums = checksums(conn, dbName("src"));
      expect(Object.keys(sums).sort()).toEqual(["items", "odd `name`"]);
      expect(checksums(conn, copy)).toEqual(sums);
      expect(definitions(conn, copy)).toEqual(definitions(conn, dbName("src")));
      expect(sql(conn, "SELECT label FROM items WHERE feeling = 'happy'", copy)).toBe("emoji 😀🎉 CJK 日本語 中文 RTL עברית العربية");
      expect(sql(conn, "SELECT LENGTH(payload) FROM items WHERE label = 'large blob'", copy)).toBe("5280000");
      expect(sql(conn, "SELECT COUNT(*) FROM happy_items", copy)).toBe("1");
      // AUTO_INCREMENT continues where the source stood; the procedure and trigger work.
      sql(conn, "CALL add_item('after restore')", copy);
      expect(sql(conn, "SELECT id, label, updated_at FROM items WHERE label LIKE 'added:%'", copy)).toBe("5000\tadded: after restore\t2000-01-01 00:00:00");
    }, 120_000);

    it("dump stream piped straight into restore (no file in between)", async () => {
      const t0 = performance.now();
      const handle = await mysqlSource.dump(config, dbName("src"), ctx);
      await Promise.all([mysqlSource.restore(config, { database: dbName("piped"), input: handle.stream, createDatabase: true }, ctx), handle.done]);
      timings.pipedRoundTripMs = Math.round(performance.now() - t0);
      expect(checksums(conn, dbName("piped"))).toEqual(checksums(conn, dbName("src")));
    }, 120_000);

    it("overwrite replaces an existing database's tables", async () => {
      const target = dbName("copy");
      sql(conn, "DELETE FROM items WHERE label LIKE 'bulk 1%'; INSERT INTO items (label) VALUES ('stray');", target);
      expect(checksums(conn, target)).not.toEqual(checksums(conn, dbName("src")));
      await mysqlSource.restore(config, { database: target, input: fs.createReadStream(dumpFile), createDatabase: true, overwrite: true }, ctx);
      expect(checksums(conn, target)).toEqual(checksums(conn, dbName("src")));
    }, 120_000);
  });

  describe("bad input: clear errors, nothing changed", () => {
    it("an unreachable host (closed port)", async () => {
      const port = await freePort();
      const r = await mysqlSource.test({ ...config, port }, ctx);
      expect(r).toMatchObject({ ok: false, error: expect.stringContaining(`cannot reach 127.0.0.1:${port}: connection refused`) });
      await expectAdapterError(mysqlSource.dump({ ...config, port }, dbName("src"), ctx), "UNREACHABLE");
      await expectAdapterError(mysqlSource.listDatabases({ ...config, port }, ctx), "UNREACHABLE");
    });

    it("a wrong password", async () => {
      const bad = { ...config, password: "not-the-password" };
      const r = await mysqlSource.test(bad, ctx);
      expect(r).toMatchObject({ ok: false, error: expect.stringContaining(`wrong password for user ${conn.user}`) });
      if (!r.ok) expect(r.error).not.toContain("not-the-password");
      await expectAdapterError(mysqlSource.dump(bad, dbName("src"), ctx), "AUTH_FAILED", /wrong password/);
      await expectAdapterError(mysqlSource.restore(bad, { database: dbName("never"), input: Readable.from([]), createDatabase: true }, ctx), "AUTH_FAILED");
      expect(fs.readdirSync(tmpDir).filter((f) => f.endsWith(".cnf"))).toEqual([]);
    });

    it.each(["x; touch /tmp/pwned-TOKEN", "host=evil dbname=x", "$(touch /tmp/pwned-TOKEN)", "--all-databases", "a`b"])(
      "a database name like %j is refused before anything runs",
      async (template) => {
        const token = randomBytes(6).toString("hex");
        const name = template.replace("TOKEN", token);
        const before = await mysqlSource.listDatabases(config, ctx);
        await expectAdapterError(mysqlSource.dump(config, name, ctx), "INVALID_INPUT", /invalid database name/);
        await expectAdapterError(mysqlSource.restore(config, { database: name, input: fs.createReadStream(dumpFile), createDatabase: true }, ctx), "INVALID_INPUT");
        expect(fs.readdirSync("/tmp").filter((f) => f.includes(token))).toEqual([]);
        expect(await mysqlSource.listDatabases(config, ctx)).toEqual(before);
      },
    );

    it("a truncated dump fails the restore before the client sees the end, and leaves no database behind", async () => {
      const full = fs.readFileSync(dumpFile);
      const target = dbName("half");
      await expectAdapterError(
        mysqlSource.restore(config, { database: target, input: Readable.from([full.subarray(0, Math.floor(full.length / 2))]), createDatabase: true }, ctx),
        "TOOL_FAILED",
        /backup is incomplete/,
      );
      expect(exists(target)).toBe(false);
    }, 60_000);

    it("a dump cut exactly at a statement boundary is refused too (the client alone would accept it)", async () => {
      const text = fs.readFileSync(dumpFile, "utf8");
      const cut = text.slice(0, text.indexOf(";\n", text.indexOf("CREATE TABLE `odd")) + 2);
      // Proof that the cut is valid SQL: the plain client replays it and exits 0.
      const scratch = dbName("scratch");
      sql(conn, `CREATE DATABASE ${scratch}`);
      sql(conn, cut, scratch);
      expect(tableNames(conn, scratch)).toEqual(["items", "odd `name`"]);

      const target = dbName("cut");
      await expectAdapterError(
        mysqlSource.restore(config, { database: target, input: Readable.from([cut]), createDatabase: true }, ctx),
        "TOOL_FAILED",
        /backup is incomplete/,
      );
      expect(exists(target)).toBe(false);
    }, 60_000);

    it("a dump with garbage in the middle fails with the client's error", async () => {
      const bytes = Buffer.from(fs.readFileSync(dumpFile));
      Buffer.from("\n);; GARBAGE (((\n").copy(bytes, Math.floor(bytes.length / 2));
      const target = dbName("garbage");
      await expectAdapterError(
        mysqlSource.restore(config, { database: target, input: Readable.from([bytes]), createDatabase: true }, ctx),
        "TOOL_FAILED",
        /mariadb exited with code 1: ERROR \d+/,
      );
      expect(exists(target)).toBe(false);
    }, 60_000);

    it("a database that does not exist", async () => {
      await expectAdapterError(mysqlSource.dump(config, dbName("nope"), ctx), "NOT_FOUND", new RegExp(`database ${dbName("nope")} does not exist`));
      await expectAdapterError(
        mysqlSource.restore(config, { database: dbName("nope"), input: fs.createReadStream(dumpFile), createDatabase: false }, ctx),
        "NOT_FOUND",
      );
      expect(exists(dbName("nope"))).toBe(false);
    });

    it("restoring into an existing database without overwrite is refused", async () => {
      const target = dbName("existing");
      sql(conn, `CREATE DATABASE ${target}; CREATE TABLE ${target}.keep (v TEXT); INSERT INTO ${target}.keep VALUES ('precious');`);
      for (const createDatabase of [true, false]) {
        await expectAdapterError(
          mysqlSource.restore(config, { database: target, input: fs.createReadStream(dumpFile), createDatabase }, ctx),
          "INVALID_INPUT",
          /already exists on .*confirm overwriting it/,
        );
      }
      expect(tableNames(conn, target)).toEqual(["keep"]);
      expect(sql(conn, "SELECT v FROM keep", target)).toBe("precious");
    });
  });

  describe("cancel", () => {
    beforeAll(() => {
      // ~50 MB of random bytes (~100 MB as --hex-blob text), so the dump is still running when cancelled.
      sql(conn, `CREATE DATABASE ${dbName("big")}`);
      sql(conn, "CREATE TABLE big (id INT PRIMARY KEY, payload BLOB); INSERT INTO big SELECT seq, RANDOM_BYTES(512) FROM seq_1_to_100000;", dbName("big"));
    }, 120_000);

    it("cancel() after the first chunk kills mariadb-dump: done rejects with CANCELLED and the server sees it gone", async () => {
      const handle = await mysqlSource.dump(config, dbName("big"), ctx);
      const first = await new Promise<Buffer>((resolve) => handle.stream.once("data", resolve));
      expect(first.length).toBeGreaterThan(0);
      const t0 = performance.now();
      handle.cancel();
      await expectAdapterError(handle.done, "CANCELLED");
      timings.cancelMs = Math.round(performance.now() - t0);
      expect(timings.cancelMs).toBeLessThan(5000);
      expect(handle.stream.destroyed).toBe(true);
      const children = execFileSync("ps", ["-o", "comm=", "--ppid", String(process.pid)], { encoding: "utf8" });
      expect(children).not.toContain("mariadb-dump");
      let sessions = "1";
      for (let i = 0; i < 50 && sessions !== "0"; i++) {
        sessions = sql(conn, `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '${dbName("big")}'`);
        if (sessions !== "0") await new Promise((r) => setTimeout(r, 100));
      }
      expect(sessions).toBe("0");
      expect(fs.readdirSync(tmpDir).filter((f) => f.endsWith(".cnf"))).toEqual([]);
    }, 60_000);

    it("cancelling a dump piped into a restore fails the restore and removes the database it created", async () => {
      const target = dbName("cancelled");
      const handle = await mysqlSource.dump(config, dbName("big"), ctx);
      const restoring = mysqlSource.restore(config, { database: target, input: handle.stream, createDatabase: true }, ctx);
      let restoreSessions = "0";
      for (let i = 0; i < 100 && restoreSessions === "0"; i++) {
        await new Promise((r) => setTimeout(r, 50));
        restoreSessions = sql(conn, `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '${target}'`);
      }
      expect(restoreSessions).not.toBe("0");
      handle.cancel();
      await expectAdapterError(handle.done, "CANCELLED");
      await expectAdapterError(restoring, "FAILED", /closed before its end.*was removed/s);
      expect(exists(target)).toBe(false);
    }, 60_000);
  });
});
