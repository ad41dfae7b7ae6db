/** Small queries through psql (no driver): one statement, rows back as string arrays. */
import { runTool } from "@/lib/process/spawn-tool";
import { AdapterError } from "../../errors";
import type { AdapterContext } from "../../types";
import { PSQL_FIELD_SEP, pgEnv, psqlArgs } from "./args";
import { type ClassifyContext, classifyPgError, essentialLine } from "./classify";
import type { PostgresConfig } from "./config";
import { spawnFailure, tailForMessage } from "../tool-io";
import { resolvePgTool } from "./tools";
import { type PgVersion, parseServerVersion } from "./versions";

/** Records end with NUL (psql -0), fields are split by the unit separator. */
export const parsePsqlRows = (stdout: string): string[][] =>
  stdout
    .split("\0")
    .filter((r, i, all) => !(i === all.length - 1 && r.trim() === ""))
    .map((r) => r.split(PSQL_FIELD_SEP));

export const classifyContext = (config: PostgresConfig, tool: string, database?: string): ClassifyContext => ({
  host: config.host,
  port: config.port,
  user: config.user,
  database,
  tool,
});

/** A classified AdapterError for a failed tool, `fallback` code when the text is not a known failure. */
export const pgToolError = (
  stderr: string,
  ctx: ClassifyContext,
  fallback: { code: "FAILED" | "TOOL_FAILED"; prefix: string },
): AdapterError => {
  const c = classifyPgError(stderr, ctx);
  if (c) return new AdapterError(c.code, c.message);
  const detail = fallback.code === "TOOL_FAILED" ? tailForMessage(stderr) : essentialLine(stderr);
  return new AdapterError(fallback.code, `${fallback.prefix}: ${detail || "(no output on stderr)"}`);
};

/** `nullAs`: how SQL NULL is printed (psql prints it as an empty string otherwise). */
export type PsqlOptions = { database: string; server?: PgVersion; timeoutMs?: number; nullAs?: string };

export const runPsql = async (config: PostgresConfig, sql: string, ctx: AdapterContext, opts: PsqlOptions): Promise<string[][]> => {
  const psql = await resolvePgTool("psql", opts.server);
  const args = opts.nullAs === undefined ? psqlArgs(sql) : ["-P", `null=${opts.nullAs}`, ...psqlArgs(sql)];
  const r = await runTool(psql, args, {
    env: pgEnv(config, { database: opts.database, tmpDir: ctx.tmpDir }),
    signal: ctx.signal,
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
  if (r.spawnError) throw spawnFailure("psql", r.spawnError);
  if (ctx.signal?.aborted) throw new AdapterError("CANCELLED", "cancelled");
  if (r.timedOut) throw new AdapterError("UNREACHABLE", `cannot reach ${config.host}:${config.port}: no answer within ${Math.round((opts.timeoutMs ?? 30_000) / 1000)} s`);
  if (r.code !== 0) {
    throw pgToolError(r.stderr, classifyContext(config, "psql", opts.database), { code: "FAILED", prefix: `psql on ${config.host}:${config.port}` });
  }
  return parsePsqlRows(r.stdout);
};

const VERSION_SQL = "SELECT current_setting('server_version_num'), current_setting('server_version')";

/** Connects to `database` (checking login and that it exists) and returns the server version. */
export const queryServerVersion = async (config: PostgresConfig, ctx: AdapterContext, database: string): Promise<PgVersion> => {
  const [row] = await runPsql(config, VERSION_SQL, ctx, { database });
  if (!row || row.length < 2) throw new AdapterError("FAILED", `unexpected answer from ${config.host}:${config.port} to a version query`);
  return parseServerVersion(row[0] ?? "", row[1] ?? "");
};
