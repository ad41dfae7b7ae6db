/** The MySQL/MariaDB source adapter against the real MariaDB 10.11 server from scripts/services/up.sh. */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlSource } from "@/adapters/sources/mysql";
import { type MysqlConfig, mysqlConfig } from "@/adapters/sources/mysql/config";
import type { AdapterContext } from "@/adapters/types";
import { expectAdapterError } from "../helpers/adapters";
import { describeWithService, env } from "../helpers/services";
import { sqlSourceCases } from "./source-contract";

const RUN = `bk_${process.pid}_${randomBytes(3).toString("hex")}`;
const dbName = (tag: string) => `${RUN}_${tag}`;

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

describeWithService("mysql", "MySQL / MariaDB source adapter", () => {
  let conn: Conn;
  let config: MysqlConfig;
  let tmpDir: string;
  let ctx: AdapterContext;
  let dumpFile: string;
  const timings: Record<string, number> = {};

  const exists = (database: string) => sql(conn, `SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '${database}'`) === "1";
  /** The adapter's option files (they hold the password) in its tmpDir: none may outlive a call. */
  const optionFiles = () => fs.readdirSync(tmpDir).filter((f) => f.endsWith(".cnf"));

  const cases = sqlSourceCases<MysqlConfig>({
    source: mysqlSource,
    dumpTool: "mariadb-dump",
    config: () => config,
    ctx: () => ctx,
    dumpFile: () => dumpFile,
    dbName,
    exists,
    sql: (database, statements) => sql(conn, statements, database),
    createDatabase: (database) => sql(conn, `CREATE DATABASE ${database}`),
    relations: (database) => tableNames(conn, database),
    checksums: (database) => checksums(conn, database),
    sessionsOn: (database) => sql(conn, `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '${database}'`),
    leftovers: optionFiles,
    timings,
  });

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
      expect(optionFiles()).toEqual([]);
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
      expect(optionFiles()).toEqual([]);

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

    cases.roundTrip();
  });

  describe("bad input: clear errors, nothing changed", () => {
    cases.badInput(["--all-databases", "a`b"]);

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
  });

  describe("cancel", () => {
    beforeAll(() => {
      // ~50 MB of random bytes (~100 MB as --hex-blob text), so the dump is still running when cancelled.
      sql(conn, `CREATE DATABASE ${dbName("big")}`);
      sql(conn, "CREATE TABLE big (id INT PRIMARY KEY, payload BLOB); INSERT INTO big SELECT seq, RANDOM_BYTES(512) FROM seq_1_to_100000;", dbName("big"));
    }, 120_000);

    cases.cancel();
  });
});
