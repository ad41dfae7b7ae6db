/**
 * The SQLite source against the real sqlite3 CLI: an online dump while another process writes, a
 * restore into a new name compared row by row, and bad input that must fail clearly and change nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sqliteSource } from "@/adapters/sources/sqlite";
import type { AdapterContext } from "@/adapters/types";

let tmp: string;
const ctx = (): AdapterContext => ({ tmpDir: tmp });
const sha = (f: string) => createHash("sha256").update(fs.readFileSync(f)).digest("hex");
const ls = (dir: string) => fs.readdirSync(dir).sort();

/** Consumes a dump into a file, optionally slowly (to keep the read transaction open for a while). */
const dumpTo = async (file: string, dbFile: string, database: string, delayMs = 0) => {
  const h = await sqliteSource.dump({ path: dbFile }, database, ctx());
  const slow = new Transform({
    transform(chunk: Buffer, _e, cb) {
      if (delayMs) setTimeout(() => cb(null, chunk), delayMs);
      else cb(null, chunk);
    },
  });
  const [meta] = await Promise.all([h.done, pipeline(h.stream, slow, fs.createWriteStream(file))]);
  return meta;
};

const quoteRows = (db: Database.Database, table: string) => {
  const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => `quote("${c.name.replace(/"/g, '""')}")`);
  return db.prepare(`SELECT ${cols.join(", ")} FROM "${table.replace(/"/g, '""')}" ORDER BY ${cols.map((_, i) => i + 1).join(", ")}`).raw().all();
};
const schemaOf = (db: Database.Database) => db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all();
const tablesOf = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);

/** Creates the test database: every kind of value and schema object, in WAL mode. */
const createFixture = (file: string) => {
  const db = new Database(file);
  db.pragma("page_size = 8192"); // before the first table: proves the dump carries the file settings
  db.pragma("journal_mode = WAL");
  db.pragma("user_version = 42");
  db.pragma("application_id = 1234567");
  db.exec(`
    CREATE TABLE pair_a (id INTEGER PRIMARY KEY, at TEXT NOT NULL);
    CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, price REAL, qty INTEGER, data BLOB, note TEXT);
    CREATE TABLE audit (id INTEGER PRIMARY KEY, item_id INTEGER, what TEXT);
    CREATE INDEX items_name ON items(name);
    CREATE UNIQUE INDEX items_note ON items(note) WHERE note IS NOT NULL;
    CREATE TRIGGER items_ai AFTER INSERT ON items BEGIN INSERT INTO audit(item_id, what) VALUES (new.id, 'insert ' || new.name); END;
    CREATE VIEW cheap_items AS SELECT id, name FROM items WHERE price < 10;
    CREATE TABLE "weird ""name""" ("col with space" TEXT, [bracket] INTEGER);
    CREATE TABLE bulk (k INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID;
    CREATE TABLE pair_b (id INTEGER PRIMARY KEY, at TEXT NOT NULL);
  `);
  const ins = db.prepare("INSERT INTO items(name, price, qty, data, note) VALUES (?, ?, ?, ?, ?)");
  const rows: [string | null, number | null, number | bigint | null, Buffer | null, string | null][] = [
    ["Grüße 🌍 日本語 עברית", 9.99, 3, Buffer.from([0, 1, 2, 255]), "first"],
    [null, null, null, null, null],
    ["quote ' and \"double\" and\nnewline\ttab", 0.1, -1, Buffer.alloc(0), "second"],
    ["big blob", 1e308, 9007199254740993n, randomBytes(5 * 1024 * 1024), null],
    ["reals", -2.5e-300, 0, null, "πi"],
    ["a\u0301 combining", 123456.789, 2147483648, Buffer.from("text in a blob"), null],
  ];
  db.defaultSafeIntegers(true);
  for (const r of rows) ins.run(...r);
  db.prepare(`INSERT INTO "weird ""name""" VALUES (?, ?)`).run("x", 1);
  const bulk = db.prepare("INSERT INTO bulk VALUES (?, ?)");
  db.transaction(() => {
    for (let i = 0; i < 20_000; i++) bulk.run(i, `row ${i} ${"x".repeat(i % 50)}`);
  })();
  db.prepare("DELETE FROM items WHERE id = 2").run(); // leaves a gap the AUTOINCREMENT sequence remembers
  db.close();
};

/** Another process that keeps inserting one row into pair_a and one into pair_b per transaction. */
const startWriter = (file: string): ChildProcess => {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.pragma("busy_timeout = 5000");
    const a = db.prepare("INSERT INTO pair_a(id, at) VALUES (?, ?)");
    const b = db.prepare("INSERT INTO pair_b(id, at) VALUES (?, ?)");
    const both = db.transaction((i) => { a.run(i, new Date().toISOString()); for (let j = 0; j < 2000; j++); b.run(i, "b"); });
    let i = 1;
    const tick = () => { both(i++); setImmediate(tick); };
    process.on("SIGTERM", () => { db.close(); process.exit(0); });
    tick();`;
  return spawn(process.execPath, ["-e", script, file], { cwd: process.cwd(), stdio: ["ignore", "ignore", "inherit"] });
};

const waitFor = async (pred: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-sqlite-it-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("SQLite source: online dump and restore", () => {
  let dir: string;
  let writer: ChildProcess | undefined;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(tmp, "rt-"));
  });
  afterEach(() => {
    writer?.kill("SIGTERM");
    writer = undefined;
  });

  it("tests, lists and names the database", async () => {
    const file = path.join(dir, "probe.db");
    createFixture(file);
    const t = await sqliteSource.test({ path: file }, ctx());
    expect(t).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^SQLite 3\.\d+/), details: expect.stringMatching(/^6 tables, \d+\.\d MB$/) });
    expect(await sqliteSource.serverVersion({ path: file }, ctx())).toMatch(/^SQLite 3\.\d+\.\d+$/);
    expect(await sqliteSource.listDatabases({ path: file }, ctx())).toEqual(["probe"]);
    expect(sqliteSource.dumpExtension).toBe("sql");
  });

  it("dumps a consistent snapshot while another process writes, and restores it into a new name identically", async () => {
    const file = path.join(dir, "app.db");
    createFixture(file);
    writer = startWriter(file);
    const reader = new Database(file, { readonly: true });
    const pairs = () => Number((reader.prepare("SELECT count(*) AS n FROM pair_a").get() as { n: number }).n);
    await waitFor(() => pairs() >= 50);
    const before = pairs();

    const dumpFile = path.join(tmp, "app.sql");
    const t0 = performance.now();
    const meta = await dumpTo(dumpFile, file, "app", 3);
    const dumpMs = performance.now() - t0;
    const after = pairs();
    expect(meta).toEqual({ toolVersion: expect.stringMatching(/^sqlite3 3\./), serverVersion: expect.stringMatching(/^SQLite 3\./) });
    // The writer really wrote during the dump (hundreds of transactions), so the snapshot is put to the test.
    expect(after - before, `dump took ${Math.round(dumpMs)} ms`).toBeGreaterThan(20);
    writer.kill("SIGTERM");
    writer = undefined;

    const dumpText = fs.readFileSync(dumpFile, "utf8");
    expect(dumpText.startsWith("PRAGMA encoding='UTF-8';\nPRAGMA page_size=8192;\n")).toBe(true);
    expect(dumpText.trimEnd().endsWith("COMMIT;")).toBe(true);

    await sqliteSource.restore({ path: file }, { database: "app_restored", input: fs.createReadStream(dumpFile), createDatabase: true }, ctx());
    const restoredFile = path.join(dir, "app_restored.db");
    expect(ls(dir).filter((f) => f.includes("partial"))).toEqual([]);

    const src = new Database(file, { readonly: true });
    const dst = new Database(restoredFile, { readonly: true });
    try {
      expect(dst.pragma("integrity_check", { simple: true })).toBe("ok");
      // Never half a pair: both tables come from one snapshot, though pair_b is dumped long after pair_a.
      const ids = (db: Database.Database, t: string) => (db.prepare(`SELECT id FROM ${t} ORDER BY id`).pluck().all() as number[]);
      const a = ids(dst, "pair_a");
      expect(ids(dst, "pair_b")).toEqual(a);
      expect(a.length).toBeGreaterThanOrEqual(before);
      expect(a.length).toBeLessThan(ids(src, "pair_a").length);
      expect(a).toEqual(ids(src, "pair_a").slice(0, a.length));

      expect(schemaOf(dst)).toEqual(schemaOf(src));
      expect(tablesOf(dst)).toEqual(tablesOf(src));
      for (const t of tablesOf(src).filter((n) => !n.startsWith("pair_"))) expect(quoteRows(dst, t), t).toEqual(quoteRows(src, t));
      expect(quoteRows(dst, "sqlite_sequence")).toEqual(quoteRows(src, "sqlite_sequence"));
      const blob = dst.prepare("SELECT data FROM items WHERE name = 'big blob'").pluck().get() as Buffer;
      expect(blob.length).toBe(5 * 1024 * 1024);
      for (const p of ["user_version", "application_id", "page_size"]) expect(dst.pragma(p, { simple: true }), p).toBe(src.pragma(p, { simple: true }));
    } finally {
      src.close();
      dst.close();
      reader.close();
    }
    // The restored schema works: the trigger fires and AUTOINCREMENT continues after the remembered maximum.
    const rw = new Database(restoredFile);
    rw.prepare("INSERT INTO items(name) VALUES ('after restore')").run();
    expect(rw.prepare("SELECT id FROM items WHERE name = 'after restore'").pluck().get()).toBe(7);
    expect(rw.prepare("SELECT what FROM audit ORDER BY id DESC LIMIT 1").pluck().get()).toBe("insert after restore");
    rw.close();

    // A second restore under the same name is refused without overwrite and leaves the file alone…
    const hash = sha(restoredFile);
    await expect(
      sqliteSource.restore({ path: file }, { database: "app_restored", input: fs.createReadStream(dumpFile), createDatabase: true }, ctx()),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/app_restored\.db already exists/) });
    expect(sha(restoredFile)).toBe(hash);
    // …and replaces it with overwrite.
    await sqliteSource.restore({ path: file }, { database: "app_restored", input: fs.createReadStream(dumpFile), createDatabase: false, overwrite: true }, ctx());
    expect(sha(restoredFile)).not.toBe(hash);
    const again = new Database(restoredFile, { readonly: true });
    expect(again.prepare("SELECT count(*) FROM items WHERE name = 'after restore'").pluck().get()).toBe(0);
    again.close();
  });

  it("refuses to overwrite a database that is open in WAL mode (its -wal would corrupt the restored file)", async () => {
    const file = path.join(dir, "busy.db");
    createFixture(file);
    const dumpFile = path.join(tmp, "busy.sql");
    await dumpTo(dumpFile, file, "busy");
    const open = new Database(file);
    open.prepare("INSERT INTO bulk VALUES (-1, 'keeps the -wal file')").run();
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    const hash = sha(file);
    await expect(
      sqliteSource.restore({ path: file }, { database: "busy.db", input: fs.createReadStream(dumpFile), createDatabase: false, overwrite: true }, ctx()),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/in use/) });
    expect(sha(file)).toBe(hash);
    open.close();
  });

  it("cancels a running dump: the stream errors, done rejects with CANCELLED and sqlite3 is gone", async () => {
    const file = path.join(dir, "cancel.db");
    createFixture(file);
    const h = await sqliteSource.dump({ path: file }, "cancel", ctx());
    const errors: unknown[] = [];
    h.stream.on("error", (e) => errors.push(e));
    await new Promise<void>((resolve) => h.stream.once("data", () => resolve()));
    h.cancel();
    await expect(h.done).rejects.toMatchObject({ code: "CANCELLED" });
    expect(errors).toEqual([expect.objectContaining({ code: "CANCELLED" })]);
  });

  it("stops the dump when the signal aborts", async () => {
    const file = path.join(dir, "abort.db");
    createFixture(file);
    const ac = new AbortController();
    const h = await sqliteSource.dump({ path: file }, "abort", { tmpDir: tmp, signal: ac.signal });
    h.stream.on("error", () => undefined);
    h.stream.resume();
    ac.abort();
    await expect(h.done).rejects.toMatchObject({ code: "CANCELLED" });
  });
});

describe("SQLite source: bad input fails clearly and changes nothing", () => {
  let dir: string;
  let dumpFile: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(tmp, "bad-"));
    createFixture(path.join(dir, "good.db"));
    dumpFile = path.join(tmp, "good.sql");
    await dumpTo(dumpFile, path.join(dir, "good.db"), "good");
  });

  it("a path that does not exist: NOT_FOUND, and no file is created", async () => {
    const missing = path.join(dir, "missing.db");
    const t = await sqliteSource.test({ path: missing }, ctx());
    expect(t).toMatchObject({ ok: false, error: `the database file ${missing} does not exist` });
    await expect(sqliteSource.dump({ path: missing }, "missing", ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(sqliteSource.listDatabases({ path: missing }, ctx())).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(ls(dir).filter((f) => f.startsWith("missing"))).toEqual([]);
    await expect(sqliteSource.test({ path: path.join(dir, "nodir", "x.db") }, ctx())).resolves.toMatchObject({ ok: false });
    expect(fs.existsSync(path.join(dir, "nodir"))).toBe(false);
  });

  it("a file that is not SQLite, and a directory, are refused", async () => {
    const text = path.join(dir, "notes.txt");
    fs.writeFileSync(text, "just some text, not a database\n");
    const hash = sha(text);
    expect(await sqliteSource.test({ path: text }, ctx())).toMatchObject({ ok: false, error: expect.stringMatching(/is not an SQLite database/) });
    await expect(sqliteSource.dump({ path: text }, "notes", ctx())).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(sha(text)).toBe(hash);
    expect(await sqliteSource.test({ path: dir }, ctx())).toMatchObject({ ok: false, error: expect.stringMatching(/not a regular file/) });
  });

  it("a corrupt database fails the test and the dump (sqlite3 .dump itself exits 0 on it)", async () => {
    const file = path.join(dir, "corrupt.db");
    fs.copyFileSync(path.join(dir, "good.db"), file);
    const fd = fs.openSync(file, "r+");
    const size = fs.fstatSync(fd).size;
    for (let off = 8192 * 2; off < size; off += 8192 * 3) fs.writeSync(fd, randomBytes(4096), 0, 4096, off);
    fs.closeSync(fd);
    const t = await sqliteSource.test({ path: file }, ctx());
    expect(t.ok).toBe(false);
    const h = await sqliteSource.dump({ path: file }, "corrupt", ctx());
    h.stream.on("error", () => undefined);
    h.stream.resume();
    await expect(h.done).rejects.toMatchObject({ code: expect.stringMatching(/^(FAILED|TOOL_FAILED)$/), message: expect.stringMatching(/corrupt|malformed|rolled back/) });
  });

  it("a dump of another database name is refused", async () => {
    await expect(sqliteSource.dump({ path: path.join(dir, "good.db") }, "other", ctx())).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/"good"/) });
  });

  it("a restore name with shell characters is refused before anything is created", async () => {
    const marker = path.join(os.tmpdir(), `pwned-${randomBytes(6).toString("hex")}`);
    const before = ls(dir);
    for (const name of [`x; touch ${marker}`, `$(touch ${marker})`, "../escape", "-x"]) {
      await expect(
        sqliteSource.restore({ path: path.join(dir, "good.db") }, { database: name, input: fs.createReadStream(dumpFile), createDatabase: true }, ctx()),
      ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    expect(fs.existsSync(marker)).toBe(false);
    expect(ls(dir)).toEqual(before);
    expect(fs.existsSync(path.join(tmp, "escape.db"))).toBe(false);
  });

  it("a truncated dump fails the restore: no target, no .partial left (cut mid-statement or at a line end)", async () => {
    const whole = fs.readFileSync(dumpFile);
    const before = ls(dir);
    const atLineEnd = whole.lastIndexOf("\nINSERT INTO bulk", whole.length - 100) + 1;
    for (const [label, cut] of [
      ["mid-statement", Math.floor(whole.length / 2) + 3],
      ["at a line end", atLineEnd],
      ["just before COMMIT", whole.length - "COMMIT;\n".length],
    ] as const) {
      const err = await sqliteSource
        .restore({ path: path.join(dir, "good.db") }, { database: "from_truncated", input: Readable.from([whole.subarray(0, cut)]), createDatabase: true }, ctx())
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err, label).toMatchObject({ code: expect.stringMatching(/^(FAILED|TOOL_FAILED)$/) });
      expect(ls(dir), label).toEqual(before);
    }
  });

  it("an input stream that fails midway fails the restore and leaves nothing", async () => {
    const before = ls(dir);
    const input = new PassThrough();
    const p = sqliteSource.restore({ path: path.join(dir, "good.db") }, { database: "from_broken", input, createDatabase: true }, ctx());
    input.write(fs.readFileSync(dumpFile).subarray(0, 100_000));
    setTimeout(() => input.destroy(new Error("decryption failed: bad tag")), 50);
    await expect(p).rejects.toMatchObject({ code: "FAILED", message: expect.stringMatching(/decryption failed/) });
    expect(ls(dir)).toEqual(before);
    // Failed or closed before the restore even started: no hang, no crash, nothing left.
    const failed = new PassThrough();
    failed.destroy(new Error("download failed"));
    await expect(sqliteSource.restore({ path: path.join(dir, "good.db") }, { database: "from_failed", input: failed, createDatabase: true }, ctx())).rejects.toMatchObject({
      code: "FAILED",
      message: expect.stringMatching(/download failed/),
    });
    const closed = new PassThrough();
    closed.write("PRAGMA foreign_keys=OFF;\n");
    closed.destroy();
    await expect(sqliteSource.restore({ path: path.join(dir, "good.db") }, { database: "from_closed", input: closed, createDatabase: true }, ctx())).rejects.toMatchObject({
      code: "FAILED",
      message: expect.stringMatching(/premature close/i),
    });
    expect(ls(dir)).toEqual(before);
  });

  it("a backup that is not SQL fails with sqlite3's message and leaves nothing", async () => {
    const before = ls(dir);
    await expect(
      sqliteSource.restore({ path: path.join(dir, "good.db") }, { database: "from_garbage", input: Readable.from([Buffer.from("this is not sql;\n")]), createDatabase: true }, ctx()),
    ).rejects.toMatchObject({ code: "TOOL_FAILED", message: expect.stringMatching(/syntax error|Parse error/) });
    // Dot-commands are blocked by -safe: a tampered backup cannot reach a shell.
    const marker = path.join(tmp, `shell-${randomBytes(4).toString("hex")}`);
    await expect(
      sqliteSource.restore(
        { path: path.join(dir, "good.db") },
        { database: "from_shell", input: Readable.from([Buffer.from(`.shell touch ${marker}\nBEGIN TRANSACTION;\nCOMMIT;\n`)]), createDatabase: true },
        ctx(),
      ),
    ).rejects.toMatchObject({ code: "TOOL_FAILED", message: expect.stringMatching(/safe mode/) });
    expect(fs.existsSync(marker)).toBe(false);
    expect(ls(dir)).toEqual(before);
  });

  it("a missing sqlite3 is TOOL_MISSING", async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(tmp, "no-tools-here");
    try {
      await expect(sqliteSource.serverVersion({ path: path.join(dir, "good.db") }, ctx())).rejects.toMatchObject({ code: "TOOL_MISSING" });
      expect(await sqliteSource.test({ path: path.join(dir, "good.db") }, ctx())).toMatchObject({ ok: false, error: expect.stringMatching(/sqlite3 is not installed/) });
    } finally {
      process.env.PATH = saved;
    }
  });
});
