/**
 * Replays a mariadb-dump SQL stream through the client into one database.
 * - An existing database is only touched with `overwrite` (the dump drops and recreates each table).
 * - A database this call created is dropped again when the restore fails.
 * - The stream must end with mariadb-dump's trailer, or the client is killed before it sees the end.
 */
import { spawnTool } from "@/lib/process/spawn-tool";
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext, RestoreOptions } from "../../types";
import { assertDatabaseName } from "../database-name";
import { describeExit, feedTool, spawnFailure } from "../tool-io";
import { dropNewDatabaseOnFailure } from "../tool-source";
import { connectionArgs, hexLiteral, quoteIdent, restoreArgs } from "./args";
import { classifyContext, mysqlToolError, resolveClientTool, runQuery, toolEnv, writeOptionFile } from "./client";
import { completeDumpGuard } from "./complete-dump";
import type { MysqlConfig } from "./config";

const databaseExists = async (config: MysqlConfig, database: string, ctx: AdapterContext): Promise<boolean> => {
  const sql = `SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE BINARY SCHEMA_NAME = ${hexLiteral(database)}`;
  const [row] = await runQuery(config, sql, ctx);
  return Number(row?.[0] ?? 0) > 0;
};

const replay = async (config: MysqlConfig, database: string, options: RestoreOptions, ctx: AdapterContext): Promise<void> => {
  const client = await resolveClientTool("client", ctx.signal);
  const optionFile = await writeOptionFile(config, ctx);
  try {
    const proc = spawnTool(client.file, restoreArgs(connectionArgs(optionFile.file, config, client.flavor), database), {
      env: toolEnv(ctx),
      stdin: "pipe",
    });
    const { exit, inputError, cancelled } = await feedTool(proc, options.input, { signal: ctx.signal, guard: completeDumpGuard() });
    if (cancelled) throw new AdapterError("CANCELLED", `restore into ${database} was cancelled`);
    if (exit.spawnError) throw spawnFailure(client.file, exit.spawnError);
    if (inputError !== undefined) {
      if (isAdapterError(inputError)) throw inputError;
      const msg = inputError instanceof Error ? inputError.message : String(inputError);
      throw new AdapterError("FAILED", `reading the backup failed, restore stopped: ${msg}`, { cause: inputError });
    }
    if (exit.code !== 0) {
      throw mysqlToolError(proc.stderrTail(), classifyContext(config, client.file), {
        code: "TOOL_FAILED",
        prefix: `${client.file} ${describeExit(exit)}`,
      });
    }
  } finally {
    await optionFile.remove();
  }
};

export const restoreDatabase = async (config: MysqlConfig, options: RestoreOptions, ctx: AdapterContext): Promise<void> => {
  const database = assertDatabaseName(options.database);
  const where = `${config.host}:${config.port}`;
  const exists = await databaseExists(config, database, ctx);
  if (exists && !options.overwrite) {
    throw new AdapterError("INVALID_INPUT", `database ${database} already exists on ${where}: restore into a new name, or confirm overwriting it`);
  }
  if (!exists && !options.createDatabase) {
    throw new AdapterError("NOT_FOUND", `database ${database} does not exist on ${where} (and creating it was not requested)`);
  }
  const created = !exists;
  if (created) await runQuery(config, `CREATE DATABASE ${quoteIdent(database)} CHARACTER SET utf8mb4`, ctx);

  await dropNewDatabaseOnFailure(
    created,
    database,
    () => runQuery(config, `DROP DATABASE IF EXISTS ${quoteIdent(database)}`, { ...ctx, signal: undefined }),
    async () => {
      ctx.log?.("info", `restore into ${database} on ${where}${exists ? " (overwrite)" : ""}`);
      await replay(config, database, options, ctx);
    },
  );
};
