/**
 * The PostgreSQL source adapter against real servers: the Debian 15 cluster from scripts/services/up.sh
 * and a PostgreSQL 17 server started here from node_modules/pg17 (no pg_dump 17 exists on this host, so
 * the version-mismatch path is the real one users hit).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSource } from "@/adapters/sources/postgres";
import { pgRestoreArgs } from "@/adapters/sources/postgres/args";
import { type PostgresConfig, postgresConfig } from "@/adapters/sources/postgres/config";
import type { AdapterContext } from "@/adapters/types";
import { expectAdapterError, freePort } from "../helpers/adapters";
import { describeWithService, env } from "../helpers/services";
import { sqlSourceCases } from "./source-contract";

const RUN = `bk_${process.pid}_${randomBytes(3).toString("hex")}`;
const dbName = (tag: string) => `${RUN}_${tag}`;

type Conn = { host: string; port: number; user: string; password: string };

const pgEnvOf = (conn: Conn, database?: string) => ({
  PGHOST: conn.host,
  PGPORT: String(conn.port),
  PGUSER: conn.user,
  PGPASSWORD: conn.password,
  ...(database ? { PGDATABASE: database } : {}),
});

/** psql as an admin, outside the adapter. */
const psql = (conn: Conn, database: string, sql: string): string =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1"], {
    input: sql,
    env: { ...process.env, ...pgEnvOf(conn, database) },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  }).trim();

const SEED = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE SEQUENCE invoice_no START 1000;
CREATE TABLE items (
  id bigserial PRIMARY KEY,
  label text,
  price numeric(12,4),
  big numeric,
  happened timestamptz,
  meta jsonb,
  meta_json json,
  tags text[],
  scores int[],
  feeling mood,
  payload bytea,
  updated_at timestamptz
);
COMMENT ON TABLE items IS 'items ✓ with a comment';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := '2000-01-01T00:00:00Z';
  RETURN NEW;
END
$$;
CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO items (label, price, big, happened, meta, meta_json, tags, scores, feeling, payload) VALUES
  ('emoji 😀🎉 CJK 日本語 中文 RTL עברית العربية', 12.3456, 123456789012345678901234567890.123456789,
   '2024-02-29 23:59:59.123456+05:30', '{"a": [1, 2, {"b": null}], "ü": "ß"}', '{"keep":  "spacing" }',
   ARRAY['x', 'y,z', NULL, '"q"'], ARRAY[1, -2, 3], 'happy', '\\x00ff10'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('tabs\tand\nnewlines and \\\\ backslashes', 0, -1e-20, 'infinity', '[]', 'null', '{}', '{}', 'sad', ''::bytea);
-- about 5 MB of incompressible bytes in one row, and 5 MB of text in another
INSERT INTO items (label, payload) SELECT 'large bytea', decode(string_agg(md5(g::text), '' ORDER BY g), 'hex') FROM generate_series(1, 330000) g;
INSERT INTO items (label) SELECT 'large text ' || repeat('ü日😀 ', 500000);
INSERT INTO items (label, price) SELECT 'bulk ' || g, g / 7.0 FROM generate_series(1, 2000) g;
SELECT setval('invoice_no', 1234);
CREATE VIEW happy_items AS SELECT id, label FROM items WHERE feeling = 'happy';
CREATE TABLE "Mixed Case ""quoted""" (k text PRIMARY KEY, v text);
INSERT INTO "Mixed Case ""quoted""" VALUES ('ключ', 'значение'), ('k2', NULL);
CREATE INDEX items_label_idx ON items (label) WHERE length(label) < 100;
`;

const tableChecksums = (conn: Conn, database: string): Record<string, string> => {
  const tables = psql(conn, database, "SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
    .split("\n")
    .filter(Boolean);
  return Object.fromEntries(
    tables.map((t) => [t, psql(conn, database, `SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM ${t} t`)]),
  );
};

/** pg_dump --schema-only, without the per-run \restrict keys. */
const schemaOf = (conn: Conn, database: string): string =>
  execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges"], {
    env: { ...process.env, ...pgEnvOf(conn, database) },
    encoding: "utf8",
  })
    .split("\n")
    .filter((l) => !/^\\(un)?restrict /.test(l))
    .join("\n");

const consume = async (stream: Readable, file: string) => pipeline(stream, fs.createWriteStream(file));

describeWithService("postgres", "PostgreSQL source adapter", () => {
  let conn: Conn;
  let config: PostgresConfig;
  let tmpDir: string;
  let ctx: AdapterContext;
  let dumpFile: string;
  const timings: Record<string, number> = {};

  const exists = (database: string) => psql(conn, "postgres", `SELECT count(*) FROM pg_database WHERE datname = '${database.replace(/'/g, "''")}'`) === "1";

  const cases = sqlSourceCases<PostgresConfig>({
    source: postgresSource,
    dumpTool: "pg_dump",
    config: () => config,
    ctx: () => ctx,
    dumpFile: () => dumpFile,
    dbName,
    exists,
    sql: (database, statements) => psql(conn, database, statements),
    createDatabase: (database) => psql(conn, "postgres", `CREATE DATABASE ${database}`),
    relations: (database) =>
      psql(conn, database, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY relname").split("\n").filter(Boolean),
    checksums: (database) => tableChecksums(conn, database),
    sessionsOn: (database) => psql(conn, "postgres", `SELECT count(*) FROM pg_stat_activity WHERE datname = '${database}'`),
    timings,
  });

  beforeAll(() => {
    conn = { host: env("PGHOST"), port: Number(env("PGPORT")), user: env("PGUSER"), password: env("PGPASSWORD") };
    config = postgresConfig.parse(conn);
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-pg-adapter-"));
    ctx = { tmpDir };
    dumpFile = path.join(tmpDir, "source.dump");
    psql(conn, "postgres", `CREATE DATABASE ${dbName("src")}`);
    psql(conn, dbName("src"), SEED);
    // A reference archive made by the CLI, so the restore tests do not depend on the round trip.
    execFileSync("pg_dump", ["-Fc", "-f", dumpFile], { env: { ...process.env, ...pgEnvOf(conn, dbName("src")) } });
  }, 60_000);

  afterAll(() => {
    if (conn) {
      const mine = psql(conn, "postgres", `SELECT datname FROM pg_database WHERE datname LIKE '${RUN}%'`).split("\n").filter(Boolean);
      for (const d of mine) psql(conn, "postgres", `DROP DATABASE IF EXISTS "${d.replace(/"/g, '""')}" WITH (FORCE)`);
    }
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    if (Object.keys(timings).length > 0) console.info(`[postgres adapter timings] ${JSON.stringify(timings)}`);
  });

  describe("probes", () => {
    it("test() reports the server version, the database count and the latency", async () => {
      const r = await postgresSource.test(config, ctx);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.serverVersion).toMatch(/^PostgreSQL 15\.\d+$/);
      expect(r.details).toMatch(/^\d+ databases?$/);
      expect(r.latencyMs).toBeGreaterThanOrEqual(0);
      expect(r.metadata).toMatchObject({ dumpCompatible: true });
    });

    it("serverVersion() and listDatabases() (no templates, sorted)", async () => {
      expect(await postgresSource.serverVersion(config, ctx)).toMatch(/^PostgreSQL 15\.\d+$/);
      const list = await postgresSource.listDatabases(config, ctx);
      expect(list).toContain(dbName("src"));
      expect(list).toContain("postgres");
      expect(list).not.toContain("template0");
      expect(list).not.toContain("template1");
      expect([...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(list);
    });
  });

  describe("round trip", () => {
    it("dump → file → restore into a new database: same schema, same data, sequences continue", async () => {
      const adapterDump = path.join(tmpDir, "adapter.dump");
      let t0 = performance.now();
      const handle = await postgresSource.dump(config, dbName("src"), ctx);
      await consume(handle.stream, adapterDump);
      const info = await handle.done;
      timings.dumpMs = Math.round(performance.now() - t0);
      timings.dumpBytes = fs.statSync(adapterDump).size;
      expect(info).toEqual({ toolVersion: expect.stringMatching(/^pg_dump 15\.\d+$/), serverVersion: expect.stringMatching(/^PostgreSQL 15\./) });
      expect(fs.readFileSync(adapterDump).subarray(0, 5).toString()).toBe("PGDMP");

      t0 = performance.now();
      await postgresSource.restore(config, { database: dbName("copy"), input: fs.createReadStream(adapterDump), createDatabase: true }, ctx);
      timings.restoreMs = Math.round(performance.now() - t0);

      expect(schemaOf(conn, dbName("copy"))).toBe(schemaOf(conn, dbName("src")));
      const sums = tableChecksums(conn, dbName("src"));
      expect(Object.keys(sums).sort()).toEqual(['public."Mixed Case ""quoted"""', "public.items"]);
      expect(tableChecksums(conn, dbName("copy"))).toEqual(sums);

      const copy = dbName("copy");
      expect(psql(conn, copy, "SELECT label FROM items WHERE feeling = 'happy'")).toBe("emoji 😀🎉 CJK 日本語 中文 RTL עברית العربية");
      expect(psql(conn, copy, "SELECT length(payload) FROM items WHERE label = 'large bytea'")).toBe("5280000");
      expect(psql(conn, copy, "SELECT count(*) FROM happy_items")).toBe("1");
      // Sequences continue where the source stood; the trigger and its function work.
      const maxId = Number(psql(conn, copy, "SELECT max(id) FROM items"));
      expect(psql(conn, copy, "INSERT INTO items (label) VALUES ('after restore') RETURNING id, updated_at = '2000-01-01T00:00:00Z'")).toBe(`${maxId + 1}|t`);
      expect(psql(conn, copy, "SELECT nextval('invoice_no')")).toBe("1235");
    }, 120_000);

    cases.roundTrip();
  });

  describe("bad input: clear errors, nothing changed", () => {
    cases.badInput(["-Fp", "a'b"]);

    it("pg_restore's conninfo target keeps a name with '=' and spaces as one database name (real pg_restore)", async () => {
      // The adapter refuses such names; this proves the argv builder is safe on its own with the real tool.
      const decoy = dbName("decoy");
      const weird = `${RUN} host=${conn.host} dbname=${decoy}`;
      psql(conn, "postgres", `CREATE DATABASE ${decoy}; CREATE DATABASE "${weird}";`);
      execFileSync("pg_restore", pgRestoreArgs(weird, { overwrite: false }), {
        input: fs.readFileSync(dumpFile),
        env: { ...process.env, ...pgEnvOf(conn) },
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(psql(conn, weird, "SELECT count(*) FROM items")).toBe(psql(conn, dbName("src"), "SELECT count(*) FROM items"));
      expect(psql(conn, decoy, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")).toBe("0");
    }, 60_000);

    it("a corrupted (truncated) dump fails the restore and leaves no database behind", async () => {
      const full = fs.readFileSync(dumpFile);
      const half = path.join(tmpDir, "half.dump");
      fs.writeFileSync(half, full.subarray(0, Math.floor(full.length / 2)));
      const target = dbName("half");
      await expectAdapterError(
        postgresSource.restore(config, { database: target, input: fs.createReadStream(half), createDatabase: true }, ctx),
        "TOOL_FAILED",
        /pg_restore exited with code \d+: .*(could not read|unexpected end|end of file)/s,
      );
      expect(exists(target)).toBe(false);
    }, 60_000);

    it("a dump with garbage in the middle fails the restore", async () => {
      const bytes = Buffer.from(fs.readFileSync(dumpFile));
      randomBytes(64 * 1024).copy(bytes, Math.floor(bytes.length / 2));
      const target = dbName("garbage");
      await expectAdapterError(
        postgresSource.restore(config, { database: target, input: Readable.from([bytes]), createDatabase: true }, ctx),
        "TOOL_FAILED",
        /pg_restore exited with code/,
      );
      expect(exists(target)).toBe(false);
    }, 60_000);

    it("a failed overwrite leaves the existing database as it was (one transaction)", async () => {
      const target = dbName("atomic");
      psql(conn, "postgres", `CREATE DATABASE ${target}`);
      psql(conn, target, "CREATE TABLE keep (v text); INSERT INTO keep VALUES ('precious');");
      const full = fs.readFileSync(dumpFile);
      await expectAdapterError(
        postgresSource.restore(
          config,
          { database: target, input: Readable.from([full.subarray(0, Math.floor(full.length * 0.9))]), createDatabase: true, overwrite: true },
          ctx,
        ),
        "TOOL_FAILED",
      );
      expect(exists(target)).toBe(true);
      expect(psql(conn, target, "SELECT string_agg(v, ',') FROM keep")).toBe("precious");
      // Nothing of the partial restore stayed behind.
      expect(psql(conn, target, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname <> 'keep'")).toBe("0");
    }, 60_000);
  });

  describe("cancel", () => {
    beforeAll(() => {
      // ~50 MB of incompressible rows, so pg_dump is still busy when it is cancelled.
      psql(conn, "postgres", `CREATE DATABASE ${dbName("big")}`);
      psql(
        conn,
        dbName("big"),
        "CREATE TABLE big AS SELECT g AS id, (SELECT decode(string_agg(md5(random()::text || g || i), ''), 'hex') FROM generate_series(1, 32) i) AS blob FROM generate_series(1, 100000) g",
      );
    }, 120_000);

    cases.cancel();
  });

  describe("PostgreSQL 17 server with this host's pg_dump 15", () => {
    const pgBin = path.resolve("node_modules/pg17/native/bin");
    let dir = "";
    let conn17: Conn;
    let config17: PostgresConfig;

    const asPostgres = (cmd: string, args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", path.join(pgBin, cmd), ...args], { stdio: "pipe" });

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "bk-pg17-"));
      fs.chmodSync(dir, 0o755);
      execFileSync("chown", ["postgres:postgres", dir]);
      fs.writeFileSync(path.join(dir, "pw"), "postgres17");
      execFileSync("chown", ["postgres", path.join(dir, "pw")]);
      asPostgres("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "-A", "scram-sha-256", `--pwfile=${path.join(dir, "pw")}`, "-E", "UTF8", "--locale=C.UTF-8"]);
      fs.rmSync(path.join(dir, "pw"));
      const port = await freePort();
      asPostgres("pg_ctl", ["-D", path.join(dir, "data"), "-l", path.join(dir, "server.log"), "-w", "-o", `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, "start"]);
      conn17 = { host: "127.0.0.1", port, user: "postgres", password: "postgres17" };
      config17 = postgresConfig.parse(conn17);
      psql(conn17, "postgres", "CREATE DATABASE app17; ");
      psql(conn17, "app17", "CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
    }, 60_000);

    afterAll(() => {
      if (!dir) return;
      try {
        asPostgres("pg_ctl", ["-D", path.join(dir, "data"), "-m", "fast", "-w", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }, 30_000);

    it("test() connects, reports PostgreSQL 17 and says which pg_dump backups need", async () => {
      const r = await postgresSource.test(config17, ctx);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.serverVersion).toMatch(/^PostgreSQL 17\.\d+$/);
      expect(r.details).toMatch(/backups need pg_dump 17 or newer \(this host has 15\.\d+\)/);
      expect(r.metadata).toMatchObject({ dumpCompatible: false });
      expect(await postgresSource.listDatabases(config17, ctx)).toContain("app17");
    });

    it("dump() refuses with VERSION_MISMATCH naming both versions, before spawning pg_dump", async () => {
      const e = await expectAdapterError(
        postgresSource.dump(config17, "app17", ctx),
        "VERSION_MISMATCH",
        /^PostgreSQL 17 server needs pg_dump 17 or newer; this host has pg_dump 15\.\d+/,
      );
      expect(e.message).toContain("postgresql-client-17");
      // No session from pg_dump ever reached the server.
      expect(psql(conn17, "postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = 'app17'")).toBe("0");
    });
  });
});
