/** Connection test, server version and the database list through the mariadb/mysql client. */
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext, ConnectionTest } from "../../types";
import { runQuery } from "./client";
import type { MysqlConfig } from "./config";
import { displayServerVersion, parseServerVersion } from "./versions";

export const SYSTEM_DATABASES = ["information_schema", "performance_schema", "mysql", "sys"] as const;
const NOT_SYSTEM = `SCHEMA_NAME NOT IN (${SYSTEM_DATABASES.map((d) => `'${d}'`).join(", ")})`;

const LIST_SQL = `SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE ${NOT_SYSTEM} ORDER BY BINARY SCHEMA_NAME`;
const TEST_SQL = `SELECT VERSION(), (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE ${NOT_SYSTEM})`;

export const serverVersion = async (config: MysqlConfig, ctx: AdapterContext): Promise<string> => {
  const [row] = await runQuery(config, "SELECT VERSION()", ctx);
  if (!row?.[0]) throw new AdapterError("FAILED", `unexpected answer from ${config.host}:${config.port} to SELECT VERSION()`);
  return displayServerVersion(parseServerVersion(row[0]));
};

export const listDatabases = async (config: MysqlConfig, ctx: AdapterContext): Promise<string[]> =>
  (await runQuery(config, LIST_SQL, ctx)).map((r) => r[0] ?? "").filter((n) => n !== "");

export const testConnection = async (config: MysqlConfig, ctx: AdapterContext): Promise<ConnectionTest> => {
  const started = performance.now();
  try {
    const [row] = await runQuery(config, TEST_SQL, ctx);
    const latencyMs = Math.round(performance.now() - started);
    if (!row || row.length < 2 || !row[0]) throw new AdapterError("FAILED", "unexpected answer to the test query");
    const count = Number(row[1]);
    return {
      ok: true,
      latencyMs,
      serverVersion: displayServerVersion(parseServerVersion(row[0])),
      details: `${count} ${count === 1 ? "database" : "databases"}`,
    };
  } catch (e) {
    const latencyMs = Math.round(performance.now() - started);
    return { ok: false, latencyMs, error: isAdapterError(e) ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}` };
  }
};
