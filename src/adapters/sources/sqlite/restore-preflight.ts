/**
 * SQLite restore targets are files next to the configured one: the preflight checks that directory is
 * writable and whether the file exists; inspection counts the rows of a restored file (read-only).
 */
import { constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { AdapterContext, RestoreInspection, RestorePreflight } from "../../types";
import { parseSqliteVersion } from "./cli-output";
import type { SqliteConfig } from "./config";
import { restoreTargetFor } from "./paths";
import { runSqlite as sqlite } from "./run-sqlite";

const MAX_TABLES = 200;

const accessible = (p: string, mode: number) =>
  fs.access(p, mode).then(
    () => true,
    () => false,
  );

export const restorePreflight = async (config: SqliteConfig, target: { database: string }, ctx: AdapterContext): Promise<RestorePreflight> => {
  const file = restoreTargetFor(config.path, target.database);
  const dir = path.dirname(file);
  const version = parseSqliteVersion(await sqlite(["-version"], ctx)) ?? "?";
  const problems: string[] = [];
  const isDir = await fs.stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const writable = isDir && (await accessible(dir, fsConstants.W_OK | fsConstants.X_OK));
  if (!isDir) problems.push(`${dir} does not exist or is not a directory`);
  else if (!writable) problems.push(`the Bunker user may not write to ${dir}`);
  const exists = await fs.lstat(file).then(
    () => true,
    () => false,
  );
  return { serverVersion: `SQLite ${version}`, exists, canCreate: writable, canOverwrite: writable, details: file, problems };
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

export const inspectDatabase = async (config: SqliteConfig, database: string, ctx: AdapterContext): Promise<RestoreInspection> => {
  const file = restoreTargetFor(config.path, database);
  const list = await sqlite(
    ["-readonly", "-json", file, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name LIMIT ${MAX_TABLES + 1};`],
    ctx,
  );
  const names = (list.trim() ? (JSON.parse(list) as { name: string }[]) : []).map((r) => r.name);
  const listed = names.slice(0, MAX_TABLES);
  if (listed.length === 0) return { tables: [] };
  const sql = listed.map((t) => `SELECT ${quoteLiteral(t)} AS name, COUNT(*) AS n FROM ${quoteIdent(t)}`).join(" UNION ALL ");
  const out = await sqlite(["-readonly", "-json", file, `${sql};`], ctx);
  const rows = out.trim() ? (JSON.parse(out) as { name: string; n: number }[]) : [];
  return { tables: rows.map((r) => ({ name: r.name, rows: Number(r.n) })), truncated: names.length > MAX_TABLES };
};
