/** pg_dump -Fc of one database, streamed; refused up front when the server is newer than pg_dump. */
import { spawnTool } from "@/lib/process/spawn-tool";
import { AdapterError } from "../../errors";
import type { AdapterContext, DumpHandle } from "../../types";
import { assertDatabaseName } from "../database-name";
import { pgDumpArgs, pgEnv } from "./args";
import type { PostgresConfig } from "./config";
import { classifyContext, pgToolError, queryServerVersion } from "./psql";
import { describeExit, dumpHandle } from "../tool-io";
import { pgToolVersion, resolvePgTool } from "./tools";
import { displayServerVersion, dumpCompatError } from "./versions";

export const dumpDatabase = async (config: PostgresConfig, database: string, ctx: AdapterContext): Promise<DumpHandle> => {
  assertDatabaseName(database);
  // Connecting to the database itself checks the login, that it exists and the server version at once.
  const server = await queryServerVersion(config, ctx, database);
  const file = await resolvePgTool("pg_dump", server);
  const tool = await pgToolVersion(file, ctx.signal);
  const mismatch = dumpCompatError(server, tool, file);
  if (mismatch) throw new AdapterError("VERSION_MISMATCH", mismatch);

  ctx.log?.("info", `pg_dump ${tool.text} of ${database} on ${config.host}:${config.port} (${displayServerVersion(server)})`);
  const proc = spawnTool(file, pgDumpArgs(), { env: pgEnv(config, { database, tmpDir: ctx.tmpDir }) });
  return dumpHandle(proc, {
    tool: "pg_dump",
    signal: ctx.signal,
    failure: (exit, stderr) =>
      pgToolError(stderr, classifyContext(config, "pg_dump", database), { code: "TOOL_FAILED", prefix: `pg_dump ${describeExit(exit)}` }),
    result: { toolVersion: `pg_dump ${tool.text}`, serverVersion: displayServerVersion(server) },
  });
};
