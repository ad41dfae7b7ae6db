/**
 * Reading what the sqlite3 CLI prints: its version, the health probe, the end of a `.dump`, and its
 * error messages turned into AdapterErrors. Pure functions, no I/O.
 */
import { AdapterError } from "../../errors";

/** "3.40.1 2022-12-28 14:03:47 df5c…" → "3.40.1" */
export const parseSqliteVersion = (stdout: string): string | null => /^\s*(\d+\.\d+(?:\.\d+)*)/.exec(stdout)?.[1] ?? null;

/**
 * Printed before `.dump`, in the same read transaction: the file-level settings `.dump` leaves out.
 * Applied in this order to the empty file a restore starts from, the layout settings (encoding, page
 * size, auto_vacuum) take effect before the first table exists; user_version (which applications use
 * for their migrations) and application_id follow.
 */
export const DUMP_PREAMBLE_SQL = [
  "SELECT 'PRAGMA encoding=''' || encoding || ''';' FROM pragma_encoding;",
  "SELECT 'PRAGMA page_size=' || page_size || ';' FROM pragma_page_size;",
  "SELECT 'PRAGMA auto_vacuum=' || auto_vacuum || ';' FROM pragma_auto_vacuum;",
  "SELECT 'PRAGMA user_version=' || user_version || ';' FROM pragma_user_version;",
  "SELECT 'PRAGMA application_id=' || application_id || ';' FROM pragma_application_id;",
] as const;

/** The SQL the health probe runs: quick_check rows first, then one line with the number of tables. */
export const HEALTH_SQL = [
  "PRAGMA quick_check;",
  "SELECT 'tables=' || count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\';",
] as const;

export type HealthReport = { ok: boolean; problems: string[]; tables: number | null };

export const parseHealthOutput = (stdout: string): HealthReport => {
  const lines = stdout.split("\n").map((l) => l.trimEnd()).filter((l) => l !== "");
  let tables: number | null = null;
  const check: string[] = [];
  for (const line of lines) {
    const m = /^tables=(\d+)$/.exec(line);
    if (m) tables = Number(m[1]);
    else check.push(line);
  }
  const ok = check.length === 1 && check[0] === "ok";
  return { ok, problems: ok ? [] : check.length ? check : ["quick_check printed nothing"], tables };
};

const COMMIT_END = /COMMIT;\s*$/;
const DUMP_ERROR = /\/\*{4} ERROR: (.*?) \*{5}\//g;

/**
 * `.dump` exits 0 even when it could not read the database: it writes the error as a comment and ends
 * with "ROLLBACK; -- due to errors" instead of "COMMIT;". Given the last bytes of the output, returns
 * why the dump is not complete, or null when it ended with COMMIT.
 */
export const dumpEndProblem = (tail: string): string | null => {
  // The shell writes COMMIT exactly when it met no error (table data may well contain "ERROR" text).
  if (COMMIT_END.test(tail)) return null;
  const errors = [...tail.matchAll(DUMP_ERROR)].map((m) => m[1] as string);
  if (errors.length) return errors[errors.length - 1] as string;
  if (/ROLLBACK;[^\n]*$/.test(tail.trimEnd())) return "the dump was rolled back because of errors";
  return "the dump did not end with COMMIT";
};

/** True when a dump's input ends like a complete `.dump` does (used to refuse truncated restores). */
export const endsWithCommit = (tail: string): boolean => COMMIT_END.test(tail);

/** Turns sqlite3's complaint about `file` into an error for the user. */
export const sqliteError = (text: string, file: string, fallback: { code: "TOOL_FAILED" | "FAILED"; prefix: string }): AdapterError => {
  const t = text.trim();
  if (/file is not a database|file is encrypted/i.test(t)) return new AdapterError("INVALID_INPUT", `${file} is not an SQLite database (or it is encrypted)`);
  if (/malformed|corrupt/i.test(t)) return new AdapterError("FAILED", `${file} is corrupt: ${firstLine(t)}`);
  if (/database is locked|database is busy/i.test(t)) return new AdapterError("FAILED", `${file} stayed locked by another process: ${firstLine(t)}`);
  if (/permission denied|readonly database|access permission/i.test(t)) return new AdapterError("PERMISSION_DENIED", `no permission to use ${file}: ${firstLine(t)}`);
  if (/unable to open database/i.test(t)) return new AdapterError("NOT_FOUND", `cannot open ${file}: ${firstLine(t)}`);
  return new AdapterError(fallback.code, `${fallback.prefix}${t ? `: ${tailForMessage(t)}` : ""}`);
};

const firstLine = (t: string): string => (t.split("\n").find((l) => l.trim()) ?? t).trim().slice(0, 300);

export const tailForMessage = (t: string, max = 1500): string => (t.length <= max ? t : `…${t.slice(t.length - max)}`);

/** 3_200_000 → "3.2 MB" (decimal units) */
export const formatBytes = (n: number): string => {
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = n;
  let i = -1;
  do {
    v /= 1000;
    i++;
  } while (v >= 1000 && i < units.length - 1);
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
};

/** "12 tables, 3.2 MB" */
export const describeDatabase = (tables: number | null, bytes: number): string =>
  `${tables === null ? "?" : tables} ${tables === 1 ? "table" : "tables"}, ${formatBytes(bytes)}`;
