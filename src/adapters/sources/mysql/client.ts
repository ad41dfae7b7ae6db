/**
 * Finding the client tools (MariaDB's first, Oracle's names as fallback), the 0600 option file that
 * carries the password, and small queries through the `mariadb` client.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { runTool } from "@/lib/process/spawn-tool";
import { writeSecretFile } from "@/lib/process/secret-file";
import { AdapterError } from "../../errors";
import type { AdapterContext } from "../../types";
import { type ClientFlavor, connectionArgs, optionFileContent, queryArgs } from "./args";
import { type ClassifyContext, classifyMysqlError, essentialLine } from "./classify";
import type { MysqlConfig } from "./config";
import { spawnFailure, tailForMessage } from "../tool-io";
import { parseClientVersion } from "./versions";

export type ClientTool = { file: string; flavor: ClientFlavor; version: string };

const CANDIDATES = { client: ["mariadb", "mysql"], dump: ["mariadb-dump", "mysqldump"] } as const;

export const resolveClientTool = async (kind: keyof typeof CANDIDATES, signal?: AbortSignal): Promise<ClientTool> => {
  for (const file of CANDIDATES[kind]) {
    const r = await runTool(file, ["--version"], { signal, timeoutMs: 10_000 });
    if (r.spawnError?.code === "ENOENT") continue;
    if (r.spawnError) throw spawnFailure(file, r.spawnError);
    const v = parseClientVersion(r.stdout);
    if (r.code !== 0 || !v) throw new AdapterError("TOOL_FAILED", `${file} --version failed: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
    return { file, flavor: v.flavor, version: v.text };
  }
  throw new AdapterError("TOOL_MISSING", `neither ${CANDIDATES[kind].join(" nor ")} is installed on this host (not found on PATH)`);
};

export type OptionFile = { file: string; remove: () => Promise<void> };

/** user, password, host and port in a fresh 0600 file inside ctx.tmpDir. */
export const writeOptionFile = async (config: MysqlConfig, ctx: AdapterContext): Promise<OptionFile> => {
  const file = await writeSecretFile(ctx.tmpDir, `mysql-${randomUUID()}.cnf`, optionFileContent(config));
  return { file, remove: () => fs.rm(file, { force: true }) };
};

/**
 * The tools read ~/.my.cnf after --defaults-extra-file, so a file there could override the configured
 * user or password: HOME points at a directory that does not exist.
 */
export const toolEnv = (ctx: AdapterContext): Record<string, string> => ({ HOME: path.join(ctx.tmpDir, "no-home") });

/** Batch (-B) output: tab-separated, with \t \n \\ \0 escaped inside values. */
export const parseBatchRows = (stdout: string): string[][] =>
  stdout
    .split("\n")
    .filter((l, i, all) => !(i === all.length - 1 && l === ""))
    .map((l) =>
      l.split("\t").map((f) => f.replace(/\\([tn0\\])/g, (_, c: string) => ({ t: "\t", n: "\n", "0": "\0", "\\": "\\" })[c] ?? c)),
    );

export const classifyContext = (config: MysqlConfig, tool: string): ClassifyContext => ({
  host: config.host,
  port: config.port,
  user: config.user,
  tool,
});

export const mysqlToolError = (
  stderr: string,
  ctx: ClassifyContext,
  fallback: { code: "FAILED" | "TOOL_FAILED"; prefix: string },
): AdapterError => {
  const c = classifyMysqlError(stderr, ctx);
  if (c) return new AdapterError(c.code, c.message);
  // The client echoes the failing statement around its "ERROR nnnn" line: the error lines say it all.
  const errorLines = stderr.split("\n").filter((l) => /^ERROR \d+/.test(l));
  const detail = fallback.code === "TOOL_FAILED" ? tailForMessage(errorLines.length > 0 ? errorLines.slice(-3).join("\n") : stderr) : essentialLine(stderr);
  return new AdapterError(fallback.code, `${fallback.prefix}: ${detail || "(no output on stderr)"}`);
};

export const runQuery = async (config: MysqlConfig, sql: string, ctx: AdapterContext, opts: { database?: string } = {}): Promise<string[][]> => {
  const client = await resolveClientTool("client", ctx.signal);
  const options = await writeOptionFile(config, ctx);
  try {
    const args = queryArgs(connectionArgs(options.file, config, client.flavor), sql, opts.database);
    const r = await runTool(client.file, args, { env: toolEnv(ctx), signal: ctx.signal, timeoutMs: 30_000 });
    if (r.spawnError) throw spawnFailure(client.file, r.spawnError);
    if (ctx.signal?.aborted) throw new AdapterError("CANCELLED", "cancelled");
    if (r.timedOut) throw new AdapterError("UNREACHABLE", `cannot reach ${config.host}:${config.port}: no answer within 30 s`);
    if (r.code !== 0) {
      throw mysqlToolError(r.stderr, classifyContext(config, client.file), { code: "FAILED", prefix: `${client.file} on ${config.host}:${config.port}` });
    }
    return parseBatchRows(r.stdout);
  } finally {
    await options.remove();
  }
};
