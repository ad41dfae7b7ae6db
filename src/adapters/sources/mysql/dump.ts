/** mariadb-dump (or mysqldump) of one database in one transaction, streamed. */
import { spawnTool } from "@/lib/process/spawn-tool";
import { AdapterError } from "../../errors";
import type { AdapterContext, DumpHandle } from "../../types";
import { assertDatabaseName } from "../database-name";
import { describeExit, dumpHandle } from "../tool-io";
import { connectionArgs, dumpArgs } from "./args";
import { classifyContext, mysqlToolError, resolveClientTool, runQuery, toolEnv, writeOptionFile } from "./client";
import type { MysqlConfig } from "./config";
import { displayServerVersion, parseServerVersion } from "./versions";

export const dumpDatabase = async (config: MysqlConfig, database: string, ctx: AdapterContext): Promise<DumpHandle> => {
  assertDatabaseName(database);
  // Selecting the database checks the login, that it exists and the server version at once.
  const [row] = await runQuery(config, "SELECT VERSION()", ctx, { database });
  if (!row?.[0]) throw new AdapterError("FAILED", `unexpected answer from ${config.host}:${config.port} to SELECT VERSION()`);
  const server = displayServerVersion(parseServerVersion(row[0]));
  const tool = await resolveClientTool("dump", ctx.signal);

  const options = await writeOptionFile(config, ctx);
  ctx.log?.("info", `${tool.file} ${tool.version} of ${database} on ${config.host}:${config.port} (${server})`);
  const proc = spawnTool(tool.file, dumpArgs(connectionArgs(options.file, config, tool.flavor), database, tool.flavor), { env: toolEnv(ctx) });
  return dumpHandle(proc, {
    tool: tool.file,
    signal: ctx.signal,
    failure: (exit, stderr) =>
      mysqlToolError(stderr, classifyContext(config, tool.file), { code: "TOOL_FAILED", prefix: `${tool.file} ${describeExit(exit)}` }),
    result: { toolVersion: `${tool.file} ${tool.version}`, serverVersion: server },
    cleanup: options.remove,
  });
};
