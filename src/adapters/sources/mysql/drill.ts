/** What restore drills need beyond a restore: dropping the scratch database and running checks. */
import { assertDatabaseName } from "../database-name";
import type { AdapterContext } from "../../types";
import { quoteIdent } from "./args";
import { runQuery } from "./client";
import type { MysqlConfig } from "./config";

export const dropDatabase = async (config: MysqlConfig, database: string, ctx: AdapterContext): Promise<void> => {
  await runQuery(config, `DROP DATABASE IF EXISTS ${quoteIdent(assertDatabaseName(database))}`, ctx);
};

/** Batch output prints SQL NULL as NULL (indistinguishable from the text 'NULL'; checks compare numbers). */
export const queryValue = async (config: MysqlConfig, database: string, sql: string, ctx: AdapterContext): Promise<string | null> => {
  const rows = await runQuery(config, `SET SESSION TRANSACTION READ ONLY; ${sql}`, ctx, { database: assertDatabaseName(database) });
  const v = rows[0]?.[0];
  return v === undefined || v === "NULL" ? null : v;
};
