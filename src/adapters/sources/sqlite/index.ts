/**
 * SQLite: the "database" is the configured file. Everything goes through the sqlite3 CLI (argv only, a
 * scrubbed environment, its own process group) with:
 * - `-safe`: the CLI refuses dot-commands and SQL functions that reach other files or a shell
 *   (.shell, .system, .read, ATTACH, writefile() …), so a restored dump can only build its database;
 * - `-init /dev/null`: never read the Bunker user's ~/.sqliterc;
 * - `-batch`: no prompts, no interactive behaviour even when stdin is a pipe.
 *
 * A dump is `.dump` on a read-only connection, inside one read transaction (BEGIN … COMMIT), so with
 * WAL it sees one snapshot while other processes keep writing; with a rollback journal it waits up to
 * BUSY_TIMEOUT_MS for writers and then holds them off until it ends. Before the dump it prints the
 * file-level settings `.dump` omits (user_version, application_id, page size …: DUMP_PREAMBLE_SQL).
 *
 * Known limits of the sqlite3 shell's text dump: a TEXT value is cut at an embedded NUL character
 * (BLOBs are fine), and a restored file uses the rollback journal until an application enables WAL.
 */
import { randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { finished, PassThrough, type Readable, Transform } from "node:stream";
import { runTool, spawnTool, type ToolProcess } from "@/lib/process/spawn-tool";
import { describeExit, spawnFailure as toolSpawnFailure } from "../tool-io";
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext, ConnectionTest, DumpHandle, RestoreOptions, SourceAdapter } from "../../types";
import {
  describeDatabase,
  DUMP_PREAMBLE_SQL,
  dumpEndProblem,
  endsWithCommit,
  HEALTH_SQL,
  parseHealthOutput,
  parseSqliteVersion,
  sqliteError,
} from "./cli-output";
import type { SqliteConfig } from "./config";
import { dropDatabase, queryValue } from "./drill";
import { companionFiles, databaseNameForFile, partialPathFor, restoreTargetFor } from "./paths";
import { inspectDatabase, restorePreflight } from "./restore-preflight";

const SQLITE = "sqlite3";
const BASE_ARGS = ["-batch", "-safe", "-init", "/dev/null"] as const;
const BUSY_TIMEOUT_MS = 30_000;
/** How much of the end of a dump (or of a restore's input) is kept to check that it ends with COMMIT */
const TAIL_BYTES = 8 * 1024;
const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

const spawnFailure = (e: NodeJS.ErrnoException): AdapterError => toolSpawnFailure("sqlite3", e);

const fsError = (e: unknown, file: string, what: string): AdapterError => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return new AdapterError("NOT_FOUND", `${what} ${file} does not exist`, { cause: e });
  if (code === "EACCES" || code === "EPERM") return new AdapterError("PERMISSION_DENIED", `the Bunker user may not access ${file}`, { cause: e });
  return new AdapterError("FAILED", `${file}: ${(e as Error).message}`, { cause: e });
};

const sqliteVersion = async (signal?: AbortSignal): Promise<string> => {
  const r = await runTool(SQLITE, ["-version"], { signal, timeoutMs: 10_000 });
  if (r.spawnError) throw spawnFailure(r.spawnError);
  const v = parseSqliteVersion(r.stdout);
  if (r.code !== 0 || !v) throw new AdapterError("TOOL_FAILED", `sqlite3 -version failed: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
  return v;
};

/**
 * Checks the file before sqlite3 ever opens it: it must exist (sqlite3 would silently create an empty
 * database), be a readable regular file, and be empty or start with the SQLite header.
 */
const checkDatabaseFile = async (file: string): Promise<{ size: number }> => {
  let st;
  try {
    st = await fs.stat(file);
  } catch (e) {
    throw fsError(e, file, "the database file");
  }
  if (!st.isFile()) throw new AdapterError("INVALID_INPUT", `${file} is not a regular file`);
  let fh;
  try {
    fh = await fs.open(file, fsConstants.O_RDONLY);
  } catch (e) {
    throw fsError(e, file, "the database file");
  }
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    if (bytesRead > 0 && !(bytesRead === head.length && head.equals(SQLITE_MAGIC))) {
      throw new AdapterError("INVALID_INPUT", `${file} is not an SQLite database (or it is encrypted)`);
    }
  } finally {
    await fh.close();
  }
  return { size: st.size };
};

const exists = async (file: string): Promise<boolean> => {
  try {
    await fs.lstat(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw fsError(e, file, "");
  }
};

const removeQuietly = async (files: string[]) => {
  await Promise.all(files.map((f) => fs.rm(f, { force: true }).catch(() => undefined)));
};

const fsyncPath = async (p: string) => {
  const fh = await fs.open(p, fsConstants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
};

/** Keeps the last TAIL_BYTES of what passes through, without holding up the flow. */
class TailKeeper {
  private tail: Buffer = Buffer.alloc(0);
  bytes = 0;
  add(chunk: Buffer) {
    this.bytes += chunk.length;
    this.tail = chunk.length >= TAIL_BYTES ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES)) : Buffer.concat([this.tail, chunk]);
    if (this.tail.length > TAIL_BYTES) this.tail = this.tail.subarray(this.tail.length - TAIL_BYTES);
  }
  text(): string {
    return this.tail.toString("utf8");
  }
}

const checkName = (config: SqliteConfig, database: string) => {
  const name = databaseNameForFile(config.path);
  if (database !== name && database !== path.basename(config.path)) {
    throw new AdapterError("NOT_FOUND", `this SQLite source has one database, "${name}" (${config.path}), not "${database.slice(0, 80)}"`);
  }
};

const test = async (config: SqliteConfig, ctx: AdapterContext): Promise<ConnectionTest> => {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    const { size } = await checkDatabaseFile(config.path);
    const [version, r] = await Promise.all([
      sqliteVersion(ctx.signal),
      runTool(SQLITE, [...BASE_ARGS, "-readonly", config.path, `.timeout ${BUSY_TIMEOUT_MS}`, ...HEALTH_SQL], { signal: ctx.signal, timeoutMs: 60_000 }),
    ]);
    if (r.spawnError) throw spawnFailure(r.spawnError);
    if (r.timedOut) throw new AdapterError("FAILED", `PRAGMA quick_check on ${config.path} took longer than 60 s`);
    if (r.code !== 0) throw sqliteError(r.stderr, config.path, { code: "TOOL_FAILED", prefix: `sqlite3 ${describeExit({ code: r.code, signal: null })}` });
    const health = parseHealthOutput(r.stdout);
    if (!health.ok) {
      return { ok: false, latencyMs: latencyMs(), error: `${config.path} failed PRAGMA quick_check: ${health.problems.slice(0, 3).join("; ").slice(0, 500)}` };
    }
    return { ok: true, latencyMs: latencyMs(), serverVersion: `SQLite ${version}`, details: describeDatabase(health.tables, size) };
  } catch (e) {
    if (isAdapterError(e)) return { ok: false, latencyMs: latencyMs(), error: e.message };
    throw e;
  }
};

const dump = async (config: SqliteConfig, database: string, ctx: AdapterContext): Promise<DumpHandle> => {
  checkName(config, database);
  const file = config.path;
  await checkDatabaseFile(file);
  const version = await sqliteVersion(ctx.signal);
  ctx.log?.("info", `sqlite3 ${version} .dump of ${file}`);

  // BEGIN … COMMIT around the preamble and .dump (whose SAVEPOINT nests inside): one snapshot for both.
  const proc = spawnTool(SQLITE, [...BASE_ARGS, "-readonly", file, `.timeout ${BUSY_TIMEOUT_MS}`, "BEGIN;", ...DUMP_PREAMBLE_SQL, ".dump", "COMMIT;"]);
  const output = new PassThrough();
  // Errors reach the consumer through pipeline() and `done`; never crash a process that has no listener.
  output.on("error", () => undefined);
  const tail = new TailKeeper();
  proc.stdout.on("data", (chunk: Buffer) => tail.add(chunk)); // beside pipe(): sees every chunk, changes no flow
  proc.stdout.on("error", (e) => output.destroy(e));
  // Ended only once the exit status is known, so a failed dump ends the stream with an error instead of EOF.
  proc.stdout.pipe(output, { end: false });

  let cancelled = false;
  let settled = false;
  let consumerClosed = false;
  output.once("close", () => {
    if (settled || output.writableEnded) return;
    consumerClosed = true;
    proc.kill();
  });
  const cancel = () => {
    if (settled || cancelled) return;
    cancelled = true;
    proc.kill();
    output.destroy(new AdapterError("CANCELLED", "the SQLite dump was cancelled"));
  };
  if (ctx.signal?.aborted) cancel();
  ctx.signal?.addEventListener("abort", cancel, { once: true });

  const done = (async () => {
    const exit = await proc.exited;
    try {
      if (cancelled) throw new AdapterError("CANCELLED", "the SQLite dump was cancelled");
      if (exit.spawnError) throw spawnFailure(exit.spawnError);
      if (consumerClosed) throw new AdapterError("FAILED", "the dump stream was closed before sqlite3 finished");
      if (exit.code !== 0) throw sqliteError(proc.stderrTail(), file, { code: "TOOL_FAILED", prefix: `sqlite3 .dump ${describeExit(exit)}` });
      if (tail.bytes === 0) throw new AdapterError("EMPTY_DUMP", "sqlite3 .dump exited successfully but wrote nothing");
      const problem = dumpEndProblem(tail.text());
      if (problem) throw sqliteError(`${problem}\n${proc.stderrTail()}`, file, { code: "TOOL_FAILED", prefix: `sqlite3 .dump of ${file} failed` });
      settled = true;
      output.end();
      return { toolVersion: `sqlite3 ${version}`, serverVersion: `SQLite ${version}` };
    } catch (e) {
      settled = true;
      output.destroy(e as Error);
      throw e;
    } finally {
      ctx.signal?.removeEventListener("abort", cancel);
    }
  })();
  done.catch(() => undefined); // the caller awaits `done`; an early rejection must not crash the process
  return { stream: output, done, cancel };
};

/**
 * Streams the input into `sqlite3 -bail <tmp>`. stdin is ended only after the input ended cleanly: if
 * reading the input fails or the restore is cancelled, the tool is killed first, so a half-read backup
 * never reaches end-of-input.
 */
const feed = async (proc: ToolProcess, input: Readable, tail: TailKeeper, signal?: AbortSignal) => {
  const stdin = proc.stdin;
  if (!stdin) throw new Error("sqlite3 was spawned without stdin");
  let inputError: unknown;
  let cancelled = false;
  const onAbort = () => {
    cancelled = true;
    proc.kill();
  };
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const keeper = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      tail.add(chunk);
      cb(null, chunk);
    },
  });
  const onInputError = (e: unknown) => {
    inputError ??= e;
    proc.kill();
  };
  stdin.on("error", () => undefined); // EPIPE when sqlite3 stops early (-bail): its exit code and stderr say why
  // An error, or a close before the end (also one that happened before we got here), stops the tool.
  const stopWatching = finished(input, { writable: false }, (e) => {
    if (e) onInputError(e);
  });
  keeper.on("error", onInputError);
  input.pipe(keeper).pipe(stdin, { end: false });
  keeper.once("end", () => {
    if (inputError === undefined && !cancelled) stdin.end();
  });
  const exit = await proc.exited;
  signal?.removeEventListener("abort", onAbort);
  stopWatching();
  keeper.unpipe(stdin);
  stdin.destroy();
  if (!input.readableEnded) input.destroy();
  if (!keeper.destroyed) keeper.destroy();
  return { exit, inputError, cancelled };
};

const integrityCheck = async (file: string, signal?: AbortSignal): Promise<void> => {
  const r = await runTool(SQLITE, [...BASE_ARGS, "-readonly", file, "PRAGMA integrity_check;"], { signal, timeoutMs: 30 * 60_000 });
  if (r.spawnError) throw spawnFailure(r.spawnError);
  const out = r.stdout.trim();
  if (r.code !== 0 || out !== "ok") {
    throw new AdapterError("FAILED", `the restored database failed PRAGMA integrity_check: ${(out || r.stderr).split("\n").slice(0, 3).join("; ").slice(0, 500)}`);
  }
};

/** Puts the finished temp file in place: atomically over the target, or only if the target is still absent. */
const publish = async (tmp: string, target: string, overwrite: boolean) => {
  if (overwrite) {
    await fs.rename(tmp, target);
    return;
  }
  try {
    await fs.link(tmp, target); // fails with EEXIST instead of replacing a file that appeared meanwhile
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new AdapterError("INVALID_INPUT", `${target} already exists: pick another name or confirm the overwrite`);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw e;
    // A file system without hard links: check again, then rename.
    if (await exists(target)) throw new AdapterError("INVALID_INPUT", `${target} already exists: pick another name or confirm the overwrite`);
    await fs.rename(tmp, target);
    return;
  }
  await fs.rm(tmp, { force: true });
};

const restore = async (config: SqliteConfig, options: RestoreOptions, ctx: AdapterContext): Promise<void> => {
  // The input may fail while the target is checked: keep that from crashing the process (feed() sees it).
  const early = () => undefined;
  options.input.on("error", early);
  try {
    await restoreInto(config, options, ctx);
  } catch (e) {
    if (!options.input.readableEnded) options.input.destroy();
    throw e;
  } finally {
    options.input.off("error", early);
  }
};

const restoreInto = async (config: SqliteConfig, options: RestoreOptions, ctx: AdapterContext): Promise<void> => {
  const target = restoreTargetFor(config.path, options.database);
  const dir = path.dirname(target);
  try {
    if (!(await fs.stat(dir)).isDirectory()) throw new AdapterError("NOT_FOUND", `${dir} is not a directory`);
  } catch (e) {
    if (isAdapterError(e)) throw e;
    throw fsError(e, dir, "the directory");
  }
  const targetExists = await exists(target);
  if (targetExists && !options.overwrite) {
    throw new AdapterError("INVALID_INPUT", `${path.basename(target)} already exists in ${dir}: pick another name or confirm the overwrite`);
  }
  if (targetExists) {
    // A -wal or hot -journal next to the target would be replayed into the restored file and corrupt it.
    const side = companionFiles(target);
    for (const f of [side.wal, side.journal]) {
      if (await exists(f)) {
        throw new AdapterError("INVALID_INPUT", `${target} is in use or was not closed cleanly (${path.basename(f)} exists): stop the application that uses it, then restore again`);
      }
    }
  }

  // The restored file gets the mode (and, when Bunker runs as root, the owner) of the file it replaces or of the source.
  const model = await fs.stat(targetExists ? target : config.path).catch(() => null);
  const tmp = partialPathFor(target, randomBytes(6).toString("hex"));
  const side = companionFiles(tmp);
  const cleanup = () => removeQuietly([tmp, side.journal, side.wal, side.shm]);
  try {
    await (await fs.open(tmp, "wx", 0o600)).close();
  } catch (e) {
    throw fsError(e, tmp, "the directory of");
  }
  ctx.log?.("info", `restoring into ${target} (via ${path.basename(tmp)})`);
  try {
    const proc = spawnTool(SQLITE, [...BASE_ARGS, "-bail", tmp], { stdin: "pipe" });
    const tail = new TailKeeper();
    const res = await feed(proc, options.input, tail, ctx.signal);
    if (res.cancelled) throw new AdapterError("CANCELLED", "the SQLite restore was cancelled");
    if (res.exit.spawnError) throw spawnFailure(res.exit.spawnError);
    if (res.inputError !== undefined) {
      if (isAdapterError(res.inputError)) throw res.inputError;
      throw new AdapterError("FAILED", `reading the backup failed: ${(res.inputError as Error).message ?? String(res.inputError)}`, { cause: res.inputError });
    }
    if (res.exit.code !== 0) {
      const stderr = proc.stderrTail();
      throw new AdapterError("TOOL_FAILED", `sqlite3 ${describeExit(res.exit)} while loading the dump${stderr ? `: ${stderr.slice(-1500)}` : ""}`);
    }
    if (tail.bytes === 0) throw new AdapterError("INVALID_INPUT", "the backup is empty");
    // sqlite3 rolls back an unfinished transaction at end-of-input and exits 0: a dump cut at a line
    // boundary would restore as an empty database. A complete .dump always ends with COMMIT.
    if (!endsWithCommit(tail.text())) throw new AdapterError("FAILED", "the backup is truncated or not a complete SQLite dump: it does not end with COMMIT");
    await integrityCheck(tmp, ctx.signal);
    if (ctx.signal?.aborted) throw new AdapterError("CANCELLED", "the SQLite restore was cancelled");
    if (model) {
      await fs.chmod(tmp, model.mode & 0o777).catch(() => undefined);
      if (process.getuid?.() === 0) await fs.chown(tmp, model.uid, model.gid).catch(() => undefined);
    }
    await fsyncPath(tmp);
    await publish(tmp, target, options.overwrite === true);
    await fsyncPath(dir).catch(() => undefined);
    ctx.log?.("info", `restored ${target}`);
  } catch (e) {
    await cleanup();
    throw e;
  }
};

export const sqliteSource: SourceAdapter<SqliteConfig> = {
  engine: "sqlite",
  dumpExtension: "sql",
  test,
  serverVersion: async (_config, ctx) => `SQLite ${await sqliteVersion(ctx.signal)}`,
  listDatabases: async (config) => {
    await checkDatabaseFile(config.path);
    return [databaseNameForFile(config.path)];
  },
  dump,
  restore,
  restorePreflight,
  inspect: inspectDatabase,
  dropDatabase,
  queryValue,
};
