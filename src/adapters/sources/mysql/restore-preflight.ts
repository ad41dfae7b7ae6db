/**
 * Read-only look at a MySQL/MariaDB restore target: version, whether the database exists, and whether
 * the user's grants (SHOW GRANTS) allow creating or replacing it. Plus exact row counts afterwards.
 */
import { AdapterError } from "../../errors";
import type { AdapterContext, RestoreInspection, RestorePreflight } from "../../types";
import { assertDatabaseName } from "../database-name";
import { hexLiteral, quoteIdent } from "./args";
import { runQuery } from "./client";
import type { MysqlConfig } from "./config";
import { displayServerVersion, parseServerVersion } from "./versions";

export type GrantScope = { privileges: string[]; database: string | "*" };

/** "GRANT SELECT, CREATE ON `app\_%`.* TO `u`@`%`" → { privileges: ["SELECT","CREATE"], database: "app\_%" } */
export const parseGrant = (line: string): GrantScope | null => {
  const m = /^GRANT\s+(.+?)\s+ON\s+(?:(?:TABLE|FUNCTION|PROCEDURE)\s+)?(\*|`(?:[^`]|``)+`)\.(\*|`(?:[^`]|``)+`)\s+TO\s/i.exec(line.trim());
  if (!m?.[1] || !m[2] || !m[3]) return null;
  if (m[3] !== "*") return null; // table-level grants never allow CREATE DATABASE
  const privileges = m[1].split(",").map((p) => p.trim().toUpperCase().replace(/\s*\(.*\)$/, ""));
  const database = m[2] === "*" ? "*" : m[2].slice(1, -1).replace(/``/g, "`");
  return { privileges, database };
};

/** MySQL database-level grant patterns: % and _ are wildcards, \_ and \% literal. */
export const grantMatches = (pattern: string, database: string): boolean => {
  if (pattern === "*") return true;
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length) {
      re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else if (c === "%") re += ".*";
    else if (c === "_") re += ".";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`, "s").test(database);
};

export const rightsFromGrants = (lines: string[], database: string): { canCreate: boolean; canOverwrite: boolean } => {
  const privs = new Set<string>();
  for (const l of lines) {
    const g = parseGrant(l);
    if (!g || !grantMatches(g.database, database)) continue;
    for (const p of g.privileges) privs.add(p);
  }
  const all = privs.has("ALL PRIVILEGES") || privs.has("ALL");
  const has = (p: string) => all || privs.has(p);
  return { canCreate: has("CREATE"), canOverwrite: has("CREATE") && has("DROP") && has("INSERT") && has("ALTER") };
};

export const restorePreflight = async (config: MysqlConfig, target: { database: string }, ctx: AdapterContext): Promise<RestorePreflight> => {
  const database = assertDatabaseName(target.database);
  const [row] = await runQuery(
    config,
    `SELECT VERSION(), (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE BINARY SCHEMA_NAME = ${hexLiteral(database)}), CURRENT_USER()`,
    ctx,
  );
  if (!row?.[0]) throw new AdapterError("FAILED", `unexpected answer from ${config.host}:${config.port}`);
  const exists = Number(row[1] ?? 0) > 0;
  const user = row[2] ?? config.user;
  const grants = (await runQuery(config, "SHOW GRANTS", ctx)).map((r) => r[0] ?? "");
  const { canCreate, canOverwrite } = rightsFromGrants(grants, database);
  const problems: string[] = [];
  if (!exists && !canCreate) problems.push(`${user} has no CREATE privilege for ${database}`);
  if (exists && !canOverwrite) problems.push(`${user} lacks CREATE, DROP, ALTER or INSERT on ${database} (needed to replace its tables)`);
  return { serverVersion: displayServerVersion(parseServerVersion(row[0])), exists, canCreate, canOverwrite, details: `connected as ${user}`, problems };
};

const MAX_TABLES = 200;

export const inspectDatabase = async (config: MysqlConfig, database: string, ctx: AdapterContext): Promise<RestoreInspection> => {
  assertDatabaseName(database);
  const names = (
    await runQuery(
      config,
      `SELECT TABLE_NAME FROM information_schema.TABLES WHERE BINARY TABLE_SCHEMA = ${hexLiteral(database)} AND TABLE_TYPE = 'BASE TABLE' ORDER BY BINARY TABLE_NAME LIMIT ${MAX_TABLES + 1}`,
      ctx,
    )
  ).map((r) => r[0] ?? "");
  const listed = names.slice(0, MAX_TABLES);
  if (listed.length === 0) return { tables: [] };
  // information_schema.TABLE_ROWS is an estimate for InnoDB: count exactly, in one statement.
  const sql = listed.map((t) => `SELECT ${hexLiteral(t)}, COUNT(*) FROM ${quoteIdent(database)}.${quoteIdent(t)}`).join(" UNION ALL ");
  const counts = await runQuery(config, sql, ctx);
  return { tables: counts.map((r) => ({ name: r[0] ?? "?", rows: Number(r[1] ?? 0) })), truncated: names.length > MAX_TABLES };
};
