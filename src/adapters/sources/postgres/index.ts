/** PostgreSQL source: psql for probes, pg_dump -Fc to back up, pg_restore to restore. */
import type { SourceAdapter } from "../../types";
import type { PostgresConfig } from "./config";
import { dumpDatabase } from "./dump";
import { listDatabases, serverVersion, testConnection } from "./probe";
import { restoreDatabase } from "./restore";
import { inspectDatabase, restorePreflight } from "./restore-preflight";
import { adoptInput } from "../tool-io";
import { dropDatabase, queryValue } from "./drill";

export const postgresSource: SourceAdapter<PostgresConfig> = {
  engine: "postgres",
  dumpExtension: "dump",
  test: testConnection,
  serverVersion,
  listDatabases,
  dump: dumpDatabase,
  restore: async (config, options, ctx) => {
    adoptInput(options.input);
    try {
      await restoreDatabase(config, options, ctx);
    } finally {
      // Whatever happened, nobody reads the input after this: release whatever produces it.
      if (!options.input.readableEnded && !options.input.destroyed) options.input.destroy();
    }
  },
  restorePreflight,
  inspect: inspectDatabase,
  withCredentials: (config, c) => ({ ...config, user: c.username, password: c.password || undefined }),
  dropDatabase,
  queryValue,
};
