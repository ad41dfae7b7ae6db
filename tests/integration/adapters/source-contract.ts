/**
 * Cases that mysql.test.ts and postgres.test.ts share: a SQL server's source adapter seen from outside.
 * `cases.roundTrip()`, `cases.badInput()` and `cases.cancel()` register their `it`s where they are called,
 * inside the files' own describe blocks, next to the engine-specific cases.
 *
 * The engines' seeds both hold a table `items` with rows labelled 'bulk …' and a view `happy_items` over it.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import type { AdapterContext, SourceAdapter } from "@/adapters/types";
import { expectAdapterError, freePort } from "../helpers/adapters";

type ServerConfig = { host: string; port: number; user: string; password?: string };

export type SqlSourceUnderTest<C extends ServerConfig> = {
  source: SourceAdapter<C>;
  /** The dump tool's process name. */
  dumpTool: string;
  /** Ready once the file's beforeAll ran. */
  config: () => C;
  ctx: () => AdapterContext;
  /** A dump of dbName("src") made by the CLI, so restore cases do not depend on the adapter's dump. */
  dumpFile: () => string;
  /** A database name of this run: everything named so is dropped at the end. */
  dbName: (tag: string) => string;
  exists: (database: string) => boolean;
  /** Runs statements as an admin, outside the adapter; the output, one row a line. */
  sql: (database: string, statements: string) => string;
  createDatabase: (database: string) => void;
  /** What a database's default schema holds, sorted: its tables, and where the engine counts them so, its sequences and indexes. */
  relations: (database: string) => string[];
  /** A fingerprint of every table's rows, keyed by table. */
  checksums: (database: string) => Record<string, string>;
  /** How many server sessions use a database, as a string as the server reports it. */
  sessionsOn: (database: string) => string;
  /** Files of the adapter's that must be gone from ctx.tmpDir after any call (secret option files). */
  leftovers?: () => string[];
  timings: Record<string, number>;
};

const until = async (ok: () => boolean, tries: number, everyMs: number) => {
  for (let i = 0; i < tries && !ok(); i++) await new Promise((r) => setTimeout(r, everyMs));
};

export const sqlSourceCases = <C extends ServerConfig>(s: SqlSourceUnderTest<C>) => {
  const { source } = s;
  const expectNoLeftovers = () => {
    if (s.leftovers) expect(s.leftovers()).toEqual([]);
  };

  const each = {
    pipedRoundTrip: () =>
      it("dump stream piped straight into restore (no file in between)", async () => {
        const t0 = performance.now();
        const handle = await source.dump(s.config(), s.dbName("src"), s.ctx());
        await Promise.all([source.restore(s.config(), { database: s.dbName("piped"), input: handle.stream, createDatabase: true }, s.ctx()), handle.done]);
        s.timings.pipedRoundTripMs = Math.round(performance.now() - t0);
        expect(s.checksums(s.dbName("piped"))).toEqual(s.checksums(s.dbName("src")));
      }, 120_000),

    overwrite: () =>
      it("overwrite replaces an existing database's tables and views", async () => {
        const target = s.dbName("copy");
        s.sql(target, "DELETE FROM items WHERE label LIKE 'bulk 1%'; INSERT INTO items (label) VALUES ('stray'); DROP VIEW happy_items;");
        expect(s.checksums(target)).not.toEqual(s.checksums(s.dbName("src")));
        await source.restore(s.config(), { database: target, input: fs.createReadStream(s.dumpFile()), createDatabase: true, overwrite: true }, s.ctx());
        expect(s.checksums(target)).toEqual(s.checksums(s.dbName("src")));
        expect(s.sql(target, "SELECT COUNT(*) FROM happy_items")).toBe("1");
      }, 120_000),

    unreachable: () =>
      it("an unreachable host (closed port)", async () => {
        const port = await freePort();
        const closed = { ...s.config(), port };
        const r = await source.test(closed, s.ctx());
        expect(r).toMatchObject({ ok: false, error: expect.stringContaining(`cannot reach 127.0.0.1:${port}: connection refused`) });
        await expectAdapterError(source.dump(closed, s.dbName("src"), s.ctx()), "UNREACHABLE");
        await expectAdapterError(source.listDatabases(closed, s.ctx()), "UNREACHABLE");
      }),

    wrongPassword: () =>
      it("a wrong password", async () => {
        const bad = { ...s.config(), password: "not-the-password" };
        const r = await source.test(bad, s.ctx());
        expect(r).toMatchObject({ ok: false, error: expect.stringContaining(`wrong password for user ${s.config().user}`) });
        if (!r.ok) expect(r.error).not.toContain("not-the-password");
        await expectAdapterError(source.dump(bad, s.dbName("src"), s.ctx()), "AUTH_FAILED", /wrong password/);
        await expectAdapterError(source.restore(bad, { database: s.dbName("never"), input: Readable.from([]), createDatabase: true }, s.ctx()), "AUTH_FAILED");
        expectNoLeftovers();
      }),

    /** Shell and conninfo tricks every engine must refuse, plus the engine's own. */
    refusedNames: (engineTricks: string[]) =>
      it.each(["x; touch /tmp/pwned-TOKEN", "host=evil dbname=x", "$(touch /tmp/pwned-TOKEN)", ...engineTricks])(
        "a database name like %j is refused before anything runs",
        async (template) => {
          const token = randomBytes(6).toString("hex");
          const name = template.replace("TOKEN", token);
          const before = await source.listDatabases(s.config(), s.ctx());
          await expectAdapterError(source.dump(s.config(), name, s.ctx()), "INVALID_INPUT", /invalid database name/);
          await expectAdapterError(source.restore(s.config(), { database: name, input: fs.createReadStream(s.dumpFile()), createDatabase: true }, s.ctx()), "INVALID_INPUT");
          expect(fs.readdirSync("/tmp").filter((f) => f.includes(token))).toEqual([]);
          expect(await source.listDatabases(s.config(), s.ctx())).toEqual(before);
        },
      ),

    missingDatabase: () =>
      it("a database that does not exist", async () => {
        const nope = s.dbName("nope");
        await expectAdapterError(source.dump(s.config(), nope, s.ctx()), "NOT_FOUND", new RegExp(`database ${nope} does not exist`));
        await expectAdapterError(source.restore(s.config(), { database: nope, input: fs.createReadStream(s.dumpFile()), createDatabase: false }, s.ctx()), "NOT_FOUND");
        expect(s.exists(nope)).toBe(false);
      }),

    existingWithoutOverwrite: () =>
      it("restoring into an existing database without overwrite is refused", async () => {
        const target = s.dbName("existing");
        s.createDatabase(target);
        s.sql(target, "CREATE TABLE keep (v TEXT); INSERT INTO keep VALUES ('precious');");
        for (const createDatabase of [true, false]) {
          await expectAdapterError(
            source.restore(s.config(), { database: target, input: fs.createReadStream(s.dumpFile()), createDatabase }, s.ctx()),
            "INVALID_INPUT",
            new RegExp(`database ${target} already exists on 127\\.0\\.0\\.1:\\d+: restore into a new name, or confirm overwriting it`),
          );
        }
        expect(s.relations(target)).toEqual(["keep"]);
        expect(s.sql(target, "SELECT v FROM keep")).toBe("precious");
      }),

    cancelDump: () =>
      it(`cancel() after the first chunk kills ${s.dumpTool}: done rejects with CANCELLED and the server sees it gone`, async () => {
        const big = s.dbName("big");
        const handle = await source.dump(s.config(), big, s.ctx());
        const first = await new Promise<Buffer>((resolve) => handle.stream.once("data", resolve));
        expect(first.length).toBeGreaterThan(0);
        const t0 = performance.now();
        handle.cancel();
        await expectAdapterError(handle.done, "CANCELLED");
        s.timings.cancelMs = Math.round(performance.now() - t0);
        expect(s.timings.cancelMs).toBeLessThan(5000);
        expect(handle.stream.destroyed).toBe(true);
        const children = execFileSync("ps", ["-o", "comm=", "--ppid", String(process.pid)], { encoding: "utf8" });
        expect(children).not.toContain(s.dumpTool);
        // The server drops the dump's session once the client is gone.
        let sessions = "1";
        await until(() => (sessions = s.sessionsOn(big)) === "0", 50, 100);
        expect(sessions).toBe("0");
        expectNoLeftovers();
      }, 60_000),

    cancelPipedRestore: () =>
      it("cancelling a dump piped into a restore fails the restore and removes the database it created", async () => {
        const target = s.dbName("cancelled");
        const handle = await source.dump(s.config(), s.dbName("big"), s.ctx());
        const restoring = source.restore(s.config(), { database: target, input: handle.stream, createDatabase: true }, s.ctx());
        let restoreSessions = "0";
        await until(() => (restoreSessions = s.sessionsOn(target)) !== "0", 100, 50);
        expect(restoreSessions).not.toBe("0");
        handle.cancel();
        await expectAdapterError(handle.done, "CANCELLED");
        await expectAdapterError(restoring, "FAILED", /closed before its end.*was removed/s);
        expect(s.exists(target)).toBe(false);
      }, 60_000),
  };

  return {
    /** After a case that restored dbName("src") into dbName("copy"): a piped round trip, then an overwrite of the copy. */
    roundTrip: () => {
      each.pipedRoundTrip();
      each.overwrite();
    },
    /** Clear errors that change nothing; `engineTricks` are database names aimed at this engine (an option of its dump tool, its quote). */
    badInput: (engineTricks: string[]) => {
      each.unreachable();
      each.wrongPassword();
      each.refusedNames(engineTricks);
      each.missingDatabase();
      each.existingWithoutOverwrite();
    },
    /** Needs dbName("big"): large enough that the dump is still running after its first chunk. */
    cancel: () => {
      each.cancelDump();
      each.cancelPipedRestore();
    },
  };
};
