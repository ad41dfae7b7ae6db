/**
 * What restore drills need from an SQLite scratch target beyond a restore. A drill's database is a file
 * next to the configured one (`<dir>/bunker_drill_<hex>.db`, see paths.ts restoreTargetFor): dropping it
 * removes that file and its -wal/-shm/-journal, and checks read it through a read-only sqlite3.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { AdapterError } from "../../errors";
import type { AdapterContext } from "../../types";
import type { SqliteConfig } from "./config";
import { firstJsonValue } from "./json-first-value";
import { companionFiles, restoreTargetFor } from "./paths";
import { runSqlite } from "./run-sqlite";

const QUERY_TIMEOUT_MS = 5 * 60_000;

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

const fsError = (e: unknown, file: string, verb: "read" | "remove"): AdapterError => {
  const code = errno(e);
  if (code === "EACCES" || code === "EPERM") return new AdapterError("PERMISSION_DENIED", `the Bunker user may not ${verb} ${file}`, { cause: e });
  return new AdapterError("FAILED", `${file}: ${(e as Error).message}`, { cause: e });
};

const withCompanions = (file: string): string[] => [file, ...Object.values(companionFiles(file))];

const refuse = (file: string, why: string) =>
  new AdapterError("INVALID_INPUT", `refusing to remove ${file}: ${why}`);

/**
 * The configured file and the files SQLite keeps beside it, by the configured path and by its real path
 * (SQLite puts -wal and -journal next to the file a symlink points to): removing any of these would
 * damage the live database.
 */
const protectedPaths = async (configured: string): Promise<Set<string>> => {
  const out = new Set(withCompanions(path.resolve(configured)));
  const real = await fs.realpath(configured).catch(() => null);
  if (real) for (const f of withCompanions(real)) out.add(f);
  return out;
};

/**
 * Removes the drill's file and its companions; files that are not there are fine (a second drop, or a
 * restore that never started). Refuses, removing nothing, when any of them would be the configured
 * database (by path, real path or inode) or one of its companions, or is not a regular file: only ever
 * regular files are unlinked, and unlink never follows a symlink, so no check can be raced into deleting
 * something else.
 */
export const dropDatabase = async (config: SqliteConfig, database: string, ctx: AdapterContext): Promise<void> => {
  const target = path.resolve(restoreTargetFor(config.path, database));
  const guarded = await protectedPaths(config.path);
  const configuredStat = await fs.stat(config.path).catch(() => null);
  const doomed: string[] = [];
  for (const file of withCompanions(target)) {
    if (guarded.has(file)) throw refuse(file, `it is the source's own database file ${config.path} (or one SQLite keeps beside it)`);
    let st;
    try {
      st = await fs.lstat(file);
    } catch (e) {
      if (errno(e) === "ENOENT") continue;
      throw fsError(e, file, "remove");
    }
    if (st.isSymbolicLink()) throw refuse(file, "it is a symbolic link (Bunker only removes the regular files it restored)");
    if (!st.isFile()) throw refuse(file, "it is not a regular file");
    const real = await fs.realpath(file).catch(() => file);
    if (guarded.has(real)) throw refuse(file, `it is the source's own database file ${config.path} (through ${real})`);
    if (configuredStat && st.dev === configuredStat.dev && st.ino === configuredStat.ino) {
      throw refuse(file, `it is a hard link to the source's own database file ${config.path}`);
    }
    doomed.push(file);
  }
  for (const file of doomed) {
    try {
      await fs.unlink(file);
    } catch (e) {
      if (errno(e) !== "ENOENT") throw fsError(e, file, "remove");
    }
  }
  if (doomed.length) ctx.log?.("info", `removed ${doomed.map((f) => path.basename(f)).join(", ")} from ${path.dirname(target)}`);
};

/** Refuses what sqlite3 would not run as plain SQL. */
const checkSql = (sql: string) => {
  if (sql.includes("\0")) throw new AdapterError("INVALID_INPUT", "the query contains a NUL character");
  const t = sql.trim();
  if (!t) throw new AdapterError("INVALID_INPUT", "the query is empty");
  if (t.startsWith(".")) throw new AdapterError("INVALID_INPUT", `${JSON.stringify(t.slice(0, 40))} is a sqlite3 dot-command, not SQL`);
};

/**
 * Runs `sql` on the drill's file with `-readonly` (writes fail with "attempt to write a readonly
 * database") and `-safe` (no ATTACH, VACUUM INTO, writefile(), .shell …), returning the first column of
 * the first row sqlite3 printed. With several statements, that is the first one that returned rows.
 */
export const queryValue = async (config: SqliteConfig, database: string, sql: string, ctx: AdapterContext): Promise<string | null> => {
  const file = restoreTargetFor(config.path, database);
  checkSql(sql);
  // sqlite3 creates a missing file, or (read-only) fails with a vaguer message: say it plainly.
  const st = await fs.stat(file).catch((e: unknown) => {
    if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR") throw new AdapterError("NOT_FOUND", `the database file ${file} does not exist`, { cause: e });
    throw fsError(e, file, "read");
  });
  if (!st.isFile()) throw new AdapterError("INVALID_INPUT", `${file} is not a regular file`);
  // The leading newline: sqlite3 reads an argument that starts with "-" as an option ("-- a comment"
  // would be one) and one that starts with "." as a dot-command.
  const out = await runSqlite(["-readonly", "-json", file, `\n${sql}`], ctx, { timeoutMs: QUERY_TIMEOUT_MS });
  return firstJsonValue(out);
};
