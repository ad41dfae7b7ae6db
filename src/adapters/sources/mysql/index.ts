/** MySQL / MariaDB source: the mariadb client for probes and restores, mariadb-dump (or mysqldump) to back up. */
import type { SourceAdapter } from "../../types";
import type { MysqlConfig } from "./config";
import { dumpDatabase } from "./dump";
import { listDatabases, serverVersion, testConnection } from "./probe";
import { adoptInput } from "../tool-io";
import { dropDatabase, queryValue } from "./drill";
import { restoreDatabase } from "./restore";
import { inspectDatabase, restorePreflight } from "./restore-preflight";

export const mysqlSource: SourceAdapter<MysqlConfig> = {
  engine: "mysql",
  dumpExtension: "sql",
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
