/**
 * pg_restore of a custom-format archive streamed on stdin.
 * - An existing database is only touched with `overwrite` (then --clean --if-exists in one transaction,
 *   so a failure leaves it as it was).
 * - A database this call created is dropped again when the restore fails: no half-restored leftovers.
 */
import { spawnTool } from "@/lib/process/spawn-tool";
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext, RestoreOptions } from "../../types";
import { assertDatabaseName } from "../database-name";
import { pgEnv, pgRestoreArgs, quoteIdent, quoteLiteral } from "./args";
import type { PostgresConfig } from "./config";
import { classifyContext, pgToolError, runPsql } from "./psql";
import { describeExit, feedTool, spawnFailure } from "../tool-io";
import { dropNewDatabaseOnFailure } from "../tool-source";
import { resolvePgTool } from "./tools";
import { type PgVersion, parseServerVersion } from "./versions";

const targetState = async (config: PostgresConfig, database: string, ctx: AdapterContext) => {
  const sql =
    "SELECT current_setting('server_version_num'), current_setting('server_version'), " +
    `EXISTS (SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(database)})`;
  const [row] = await runPsql(config, sql, ctx, { database: config.database });
  if (!row || row.length < 3) throw new AdapterError("FAILED", `unexpected answer from ${config.host}:${config.port}`);
  return { server: parseServerVersion(row[0] ?? "", row[1] ?? ""), exists: row[2] === "t" };
};

const dropDatabase = async (config: PostgresConfig, database: string, server: PgVersion, ctx: AdapterContext) => {
  const force = server.majorKey >= 1300 ? " WITH (FORCE)" : "";
  await runPsql(config, `DROP DATABASE IF EXISTS ${quoteIdent(database)}${force}`, { ...ctx, signal: undefined }, { database: config.database });
};

export const restoreDatabase = async (config: PostgresConfig, options: RestoreOptions, ctx: AdapterContext): Promise<void> => {
  const database = assertDatabaseName(options.database);
  const where = `${config.host}:${config.port}`;
  const { server, exists } = await targetState(config, database, ctx);
  if (exists && !options.overwrite) {
    throw new AdapterError("INVALID_INPUT", `database ${database} already exists on ${where}: restore into a new name, or confirm overwriting it`);
  }
  if (!exists && !options.createDatabase) {
    throw new AdapterError("NOT_FOUND", `database ${database} does not exist on ${where} (and creating it was not requested)`);
  }
  const created = !exists;
  if (created) {
    // template0: a clean database, so nothing added to template1 collides with the archive.
    await runPsql(config, `CREATE DATABASE ${quoteIdent(database)} TEMPLATE template0`, ctx, { database: config.database });
  }

  await dropNewDatabaseOnFailure(created, database, () => dropDatabase(config, database, server, ctx), async () => {
    const file = await resolvePgTool("pg_restore", server);
    ctx.log?.("info", `pg_restore into ${database} on ${where}${exists ? " (overwrite)" : ""}`);
    const proc = spawnTool(file, pgRestoreArgs(database, { overwrite: exists }), {
      env: pgEnv(config, { database, tmpDir: ctx.tmpDir }),
      stdin: "pipe",
    });
    const { exit, inputError, cancelled } = await feedTool(proc, options.input, { signal: ctx.signal });
    if (cancelled) throw new AdapterError("CANCELLED", `restore into ${database} was cancelled`);
    if (exit.spawnError) throw spawnFailure("pg_restore", exit.spawnError);
    if (inputError !== undefined) {
      if (isAdapterError(inputError)) throw inputError;
      const msg = inputError instanceof Error ? inputError.message : String(inputError);
      throw new AdapterError("FAILED", `reading the backup failed, restore stopped: ${msg}`, { cause: inputError });
    }
    if (exit.code !== 0) {
      throw pgToolError(proc.stderrTail(), classifyContext(config, "pg_restore", database), {
        code: "TOOL_FAILED",
        prefix: `pg_restore ${describeExit(exit)}`,
      });
    }
  });
};
