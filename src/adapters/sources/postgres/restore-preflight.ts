/**
 * Read-only look at a PostgreSQL restore target (one psql query on the maintenance database), and the
 * row counts of a restored database.
 */
import { AdapterError } from "../../errors";
import type { AdapterContext, RestoreInspection, RestorePreflight } from "../../types";
import { assertDatabaseName } from "../database-name";
import { quoteLiteral } from "./args";
import type { PostgresConfig } from "./config";
import { runPsql } from "./psql";
import { displayServerVersion, parseServerVersion } from "./versions";

export const restorePreflight = async (config: PostgresConfig, target: { database: string }, ctx: AdapterContext): Promise<RestorePreflight> => {
  const database = assertDatabaseName(target.database);
  const name = quoteLiteral(database);
  const sql =
    "SELECT current_setting('server_version_num'), current_setting('server_version'), " +
    `EXISTS (SELECT 1 FROM pg_database WHERE datname = ${name}), ` +
    "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), " +
    "(SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user), " +
    `COALESCE((SELECT pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database WHERE datname = ${name}), false), ` +
    "current_user";
  const [row] = await runPsql(config, sql, ctx, { database: config.database });
  if (!row || row.length < 7) throw new AdapterError("FAILED", `unexpected answer from ${config.host}:${config.port}`);
  const server = parseServerVersion(row[0] ?? "", row[1] ?? "");
  const exists = row[2] === "t";
  const superuser = row[3] === "t";
  const createdb = row[4] === "t";
  const owner = row[5] === "t";
  const user = row[6] ?? config.user;
  const problems: string[] = [];
  if (!exists && !superuser && !createdb) problems.push(`user ${user} may not create databases (needs CREATEDB or superuser)`);
  if (exists && !superuser && !owner) problems.push(`user ${user} does not own ${database} (overwriting needs its owner or a superuser)`);
  return {
    serverVersion: displayServerVersion(server),
    exists,
    canCreate: superuser || createdb,
    canOverwrite: superuser || owner,
    details: `connected as ${user}${superuser ? " (superuser)" : createdb ? " (CREATEDB)" : ""}`,
    problems,
  };
};

const MAX_TABLES = 200;

/** Exact row counts per table (count(*) through query_to_xml, so one statement covers every table). */
export const inspectDatabase = async (config: PostgresConfig, database: string, ctx: AdapterContext): Promise<RestoreInspection> => {
  assertDatabaseName(database);
  const sql =
    "SELECT table_schema || '.' || table_name, " +
    "(xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text " +
    "FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') " +
    `ORDER BY 1 LIMIT ${MAX_TABLES + 1}`;
  const rows = await runPsql(config, sql, ctx, { database, timeoutMs: 10 * 60_000 });
  const tables = rows.slice(0, MAX_TABLES).map((r) => ({ name: r[0] ?? "?", rows: Number(r[1] ?? 0) }));
  return { tables, truncated: rows.length > MAX_TABLES };
};
