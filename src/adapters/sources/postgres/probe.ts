/** Connection test, server version and the database list, all through psql on the maintenance database. */
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext, ConnectionTest } from "../../types";
import type { PostgresConfig } from "./config";
import { queryServerVersion, runPsql } from "./psql";
import { pgToolVersion, resolvePgTool } from "./tools";
import { type PgVersion, displayServerVersion, dumpCompatError, parseServerVersion } from "./versions";

const LIST_SQL = `SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn ORDER BY datname COLLATE "C"`;
const TEST_SQL =
  "SELECT current_setting('server_version_num'), current_setting('server_version'), " +
  "(SELECT count(*) FROM pg_database WHERE NOT datistemplate AND datallowconn)";

export const serverVersion = async (config: PostgresConfig, ctx: AdapterContext): Promise<string> =>
  displayServerVersion(await queryServerVersion(config, ctx, config.database));

export const listDatabases = async (config: PostgresConfig, ctx: AdapterContext): Promise<string[]> =>
  (await runPsql(config, LIST_SQL, ctx, { database: config.database })).map((r) => r[0] ?? "").filter((n) => n !== "");

/** What backups of this server would use, said up front: "pg_dump 15.18 cannot dump PostgreSQL 17 …". */
const dumpToolNote = async (server: PgVersion, ctx: AdapterContext): Promise<{ note?: string; toolVersion?: string }> => {
  try {
    const file = await resolvePgTool("pg_dump", server);
    const tool = await pgToolVersion(file, ctx.signal);
    const problem = dumpCompatError(server, tool, file);
    return { toolVersion: tool.text, note: problem ? `backups need pg_dump ${server.major} or newer (this host has ${tool.text})` : undefined };
  } catch (e) {
    if (isAdapterError(e) && e.code === "TOOL_MISSING") return { note: "pg_dump is not installed on this host" };
    throw e;
  }
};

export const testConnection = async (config: PostgresConfig, ctx: AdapterContext): Promise<ConnectionTest> => {
  const started = performance.now();
  try {
    const [row] = await runPsql(config, TEST_SQL, ctx, { database: config.database });
    const latencyMs = Math.round(performance.now() - started);
    if (!row || row.length < 3) throw new AdapterError("FAILED", "unexpected answer to the test query");
    const server = parseServerVersion(row[0] ?? "", row[1] ?? "");
    const count = Number(row[2]);
    const { note, toolVersion } = await dumpToolNote(server, ctx);
    const details = [`${count} ${count === 1 ? "database" : "databases"}`, note].filter(Boolean).join("; ");
    return {
      ok: true,
      latencyMs,
      serverVersion: displayServerVersion(server),
      details,
      metadata: { serverVersionNum: server.num, pgDumpVersion: toolVersion ?? null, dumpCompatible: note === undefined },
    };
  } catch (e) {
    const latencyMs = Math.round(performance.now() - started);
    return { ok: false, latencyMs, error: isAdapterError(e) ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}` };
  }
};
