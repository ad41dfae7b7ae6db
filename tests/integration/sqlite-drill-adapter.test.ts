/**
 * What restore drills use of the SQLite source, against the real sqlite3 CLI: a drill file restored
 * from the source's own dump, row counts, read-only checks (that cannot write, reach a shell or another
 * file) and the drop, which removes the drill's files and nothing else.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteSource } from "@/adapters/sources/sqlite";
import type { SqliteConfig } from "@/adapters/sources/sqlite/config";
import type { AdapterContext } from "@/adapters/types";

let tmp: string;
let dir: string;
let source: string;
let config: SqliteConfig;
const ctx = (): AdapterContext => ({ tmpDir: tmp });
const drillName = () => `bunker_drill_${randomBytes(6).toString("hex")}`;
const fileOf = (database: string) => path.join(dir, `${database}.db`);
const adapter = sqliteSource;
const query = (database: string, sql: string) => {
  if (!adapter.queryValue) throw new Error("the SQLite source has no queryValue");
  return adapter.queryValue(config, database, sql, ctx());
};
const drop = (database: string, cfg: SqliteConfig = config) => {
  if (!adapter.dropDatabase) throw new Error("the SQLite source has no dropDatabase");
  return adapter.dropDatabase(cfg, database, ctx());
};
const inspect = (database: string) => {
  if (!adapter.inspect) throw new Error("the SQLite source has no inspect");
  return adapter.inspect(config, database, ctx());
};
const companions = (file: string) => ["-wal", "-shm", "-journal"].map((s) => `${file}${s}`);

/** Restores the source's own dump into a drill file, as a drill does. */
const restoreDrill = async (database: string) => {
  const dumpFile = path.join(tmp, `${database}.sql`);
  const h = await adapter.dump(config, "app", ctx());
  await Promise.all([h.done, pipeline(h.stream, fs.createWriteStream(dumpFile))]);
  await adapter.restore(config, { database, input: fs.createReadStream(dumpFile), createDatabase: true }, ctx());
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-sqlite-drill-"));
  dir = path.join(tmp, "data");
  fs.mkdirSync(dir);
  source = path.join(dir, "app.db");
  config = { path: source };
  const db = new Database(source);
  db.pragma("journal_mode = WAL");
  db.exec(`
    CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER, total REAL);
    CREATE TABLE "odd ""name""" (x);
    INSERT INTO users VALUES (1, 'Ada', 'ada@example.com'), (2, 'Grace', NULL), (3, '-- dash', 'g@example.com');
    INSERT INTO orders VALUES (1, 1, 9.5), (2, 1, 0.1), (3, 2, 12), (4, 3, 1e308), (5, 3, NULL);
    INSERT INTO "odd ""name""" VALUES (1);
  `);
  db.close();
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("SQLite drill support", () => {
  it("restores into a drill file, counts its rows and drops it with its companions", async () => {
    const name = drillName();
    await restoreDrill(name);
    const file = fileOf(name);
    expect(fs.existsSync(file)).toBe(true);

    expect(await inspect(name)).toEqual({
      tables: [
        { name: 'odd "name"', rows: 1 },
        { name: "orders", rows: 5 },
        { name: "users", rows: 3 },
      ],
      truncated: false,
    });

    // What a crashed application would leave beside it.
    for (const c of companions(file)) fs.writeFileSync(c, "x");
    const sourceBefore = fs.readFileSync(source);
    await drop(name);
    expect(fs.existsSync(file)).toBe(false);
    for (const c of companions(file)) expect(fs.existsSync(c), c).toBe(false);
    expect(fs.readFileSync(source).equals(sourceBefore)).toBe(true);
    // Idempotent: dropping again, or a name that never existed, is fine.
    await drop(name);
    await drop(drillName());
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("bunker_drill_"))).toEqual([]);
  });

  describe("queryValue", () => {
    let name: string;
    beforeAll(async () => {
      name = drillName();
      await restoreDrill(name);
    });
    afterAll(async () => {
      await drop(name);
    });

    it("returns the first column of the first row as text", async () => {
      expect(await query(name, "SELECT count(*) FROM users")).toBe("3");
      expect(await query(name, "SELECT name FROM users WHERE id = 1")).toBe("Ada");
      expect(await query(name, "SELECT email FROM users WHERE id = 2")).toBeNull();
      expect(await query(name, "SELECT name FROM users WHERE id = 99")).toBeNull();
      expect(await query(name, "SELECT total FROM orders WHERE id = 2")).toBe("0.1");
      expect(await query(name, "SELECT total FROM orders WHERE id = 4")).toBe("1e+308");
      expect(await query(name, "SELECT sum(total) FROM orders WHERE id <= 3")).toBe("21.6");
      expect(await query(name, "SELECT 9007199254740993")).toBe("9007199254740993");
      expect(await query(name, "SELECT 'a', 1")).toBe("a");
      expect(await query(name, "SELECT name FROM users ORDER BY id DESC")).toBe("-- dash");
      expect(await query(name, "SELECT '' AS empty")).toBe("");
      expect(await query(name, `SELECT count(*) FROM "odd ""name"""`)).toBe("1");
    });

    it("runs SQL that starts like an option or a comment", async () => {
      expect(await query(name, "-- how many users\nSELECT count(*) FROM users")).toBe("3");
      expect(await query(name, "  /* c */ SELECT 2")).toBe("2");
    });

    it("surfaces sqlite3's message when the query fails", async () => {
      await expect(query(name, "SELECT nope FROM users")).rejects.toMatchObject({ code: "TOOL_FAILED", message: expect.stringContaining("no such column: nope") });
      await expect(query(name, "SELEC 1")).rejects.toMatchObject({ message: expect.stringContaining("syntax error") });
    });

    it("cannot write to the drill file", async () => {
      for (const sql of ["DELETE FROM users", "CREATE TABLE t2 (x)", "UPDATE users SET name = 'x'", "PRAGMA user_version = 7", "SELECT 1; DELETE FROM users; SELECT 2"]) {
        await expect(query(name, sql), sql).rejects.toMatchObject({ message: expect.stringContaining("readonly database") });
      }
      expect(await query(name, "SELECT count(*) FROM users")).toBe("3");
      expect(await query(name, "SELECT count(*) FROM sqlite_schema WHERE name = 't2'")).toBe("0");
    });

    it("runs no dot-command and reaches no other file or shell", async () => {
      const marker = path.join(tmp, "pwned");
      await expect(query(name, ".shell echo hi")).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("dot-command") });
      await expect(query(name, `  .shell touch ${marker}`)).rejects.toMatchObject({ code: "INVALID_INPUT" });
      // A dot-command after a statement is just bad SQL.
      await expect(query(name, `SELECT 1;\n.shell touch ${marker}`)).rejects.toMatchObject({ message: expect.stringContaining("syntax error") });
      await expect(query(name, `SELECT writefile('${marker}', 'x')`)).rejects.toMatchObject({ message: expect.stringContaining("safe mode") });
      await expect(query(name, `ATTACH '${marker}' AS x`)).rejects.toMatchObject({ message: expect.stringContaining("safe mode") });
      await expect(query(name, `VACUUM INTO '${marker}'`)).rejects.toMatchObject({ message: expect.stringContaining("safe mode") });
      await expect(query(name, "SELECT readfile('/etc/hostname')")).rejects.toMatchObject({ message: expect.stringContaining("safe mode") });
      await expect(query(name, "-readonly")).rejects.toMatchObject({ message: expect.stringContaining("syntax error") });
      expect(fs.existsSync(marker)).toBe(false);
    });

    it("refuses empty SQL, a NUL, a missing file and a bad name", async () => {
      await expect(query(name, "  \n")).rejects.toMatchObject({ code: "INVALID_INPUT" });
      await expect(query(name, "SELECT 'a\0b'")).rejects.toMatchObject({ code: "INVALID_INPUT" });
      const missing = drillName();
      await expect(query(missing, "SELECT 1")).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining(`${missing}.db does not exist`) });
      expect(fs.existsSync(fileOf(missing))).toBe(false);
      await expect(query("../app", "SELECT 1")).rejects.toMatchObject({ code: "INVALID_INPUT" });
    });
  });

  describe("dropDatabase never removes what is not the drill's", () => {
    it("refuses the configured file and the files SQLite keeps beside it", async () => {
      const wal = `${source}-wal`;
      fs.writeFileSync(wal, fs.existsSync(wal) ? fs.readFileSync(wal) : "");
      const before = fs.readFileSync(source);
      for (const name of ["app", "app.db", "app.db-wal", "app.db-shm", "app.db-journal"]) {
        await expect(drop(name), name).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("refusing to remove") });
      }
      expect(fs.readFileSync(source).equals(before)).toBe(true);
      expect(fs.existsSync(wal)).toBe(true);
      expect(await adapter.test(config, ctx())).toMatchObject({ ok: true });
    });

    it("refuses a drill whose companion would be the configured file", async () => {
      // A source configured as "x.db-wal": dropping "x.db" would take its "-wal" companion with it.
      const odd = path.join(dir, "odd.db-wal");
      fs.copyFileSync(source, odd);
      fs.writeFileSync(path.join(dir, "odd.db"), "scratch");
      await expect(drop("odd.db", { path: odd })).rejects.toMatchObject({ code: "INVALID_INPUT" });
      expect(fs.existsSync(odd)).toBe(true);
      expect(fs.existsSync(path.join(dir, "odd.db"))).toBe(true);
      fs.rmSync(odd);
      fs.rmSync(path.join(dir, "odd.db"));
    });

    it("refuses the configured file reached through a symlink or a hard link", async () => {
      // The source is configured through a symlink: its real file is "real.db" next to it.
      const real = path.join(dir, "real.db");
      const link = path.join(dir, "linked.db");
      fs.copyFileSync(source, real);
      fs.symlinkSync(real, link);
      await expect(drop("real", { path: link })).rejects.toMatchObject({ code: "INVALID_INPUT" });
      expect(fs.existsSync(real)).toBe(true);

      const hard = `bunker_drill_hard${randomBytes(3).toString("hex")}`;
      fs.linkSync(source, fileOf(hard));
      await expect(drop(hard)).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("hard link") });
      expect(fs.existsSync(fileOf(hard))).toBe(true);
      fs.rmSync(fileOf(hard));
      fs.rmSync(link);
      fs.rmSync(real);
    });

    it("refuses a symlink or a directory at the drill's name and removes nothing", async () => {
      const victim = path.join(tmp, "victim.db");
      fs.writeFileSync(victim, "keep me");

      const name = drillName();
      fs.symlinkSync(victim, fileOf(name));
      await expect(drop(name)).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("symbolic link") });
      expect(fs.lstatSync(fileOf(name)).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(victim, "utf8")).toBe("keep me");
      fs.rmSync(fileOf(name));

      // A symlinked companion: the drill file itself stays too (nothing is removed when anything is refused).
      const other = drillName();
      fs.writeFileSync(fileOf(other), "scratch");
      fs.symlinkSync(victim, `${fileOf(other)}-wal`);
      await expect(drop(other)).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("symbolic link") });
      expect(fs.existsSync(fileOf(other))).toBe(true);
      expect(fs.readFileSync(victim, "utf8")).toBe("keep me");
      fs.rmSync(`${fileOf(other)}-wal`);
      await drop(other);
      expect(fs.existsSync(fileOf(other))).toBe(false);

      const asDir = drillName();
      fs.mkdirSync(fileOf(asDir));
      await expect(drop(asDir)).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("not a regular file") });
      expect(fs.statSync(fileOf(asDir)).isDirectory()).toBe(true);
      fs.rmdirSync(fileOf(asDir));
    });

    it("refuses names that leave the directory", async () => {
      for (const bad of ["../app", "/etc/passwd", "-x", ".hidden", "a/b"]) {
        await expect(drop(bad), bad).rejects.toMatchObject({ code: "INVALID_INPUT" });
      }
    });
  });
});
