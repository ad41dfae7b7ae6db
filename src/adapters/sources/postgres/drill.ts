/** What restore drills need beyond a restore: dropping the scratch database and running checks. */
import { assertDatabaseName } from "../database-name";
import type { AdapterContext } from "../../types";
import { quoteIdent } from "./args";
import type { PostgresConfig } from "./config";
import { queryServerVersion, runPsql } from "./psql";

export const dropDatabase = async (config: PostgresConfig, database: string, ctx: AdapterContext): Promise<void> => {
  assertDatabaseName(database);
  const server = await queryServerVersion(config, ctx, config.database);
  // FORCE (13+): a check's session that is still closing must not keep the scratch database alive.
  const force = server.majorKey >= 1300 ? " WITH (FORCE)" : "";
  await runPsql(config, `DROP DATABASE IF EXISTS ${quoteIdent(database)}${force}`, ctx, { database: config.database, server });
};

/** A marker no value contains, so SQL NULL and an empty string stay apart. */
const NULL_MARKER = "\u0001NULL\u0001";

export const queryValue = async (config: PostgresConfig, database: string, sql: string, ctx: AdapterContext): Promise<string | null> => {
  assertDatabaseName(database);
  // psql sends it all as one query string (one implicit transaction) and prints the last result only:
  // SET TRANSACTION guards that transaction, the default any a COMMIT in the check would start.
  const guarded = `SET default_transaction_read_only = on; SET TRANSACTION READ ONLY; ${sql}`;
  const rows = await runPsql(config, guarded, ctx, { database, timeoutMs: 5 * 60_000, nullAs: NULL_MARKER });
  const v = rows[0]?.[0];
  return v === undefined || v === NULL_MARKER ? null : v;
};
