/** MySQL / MariaDB source: the mariadb client for probes and restores, mariadb-dump (or mysqldump) to back up. */
import type { SourceAdapter } from "../../types";
import type { MysqlConfig } from "./config";
import { dumpDatabase } from "./dump";
import { listDatabases, serverVersion, testConnection } from "./probe";
import { restoreOwningInput, withLogin } from "../tool-source";
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
  restore: restoreOwningInput(restoreDatabase),
  restorePreflight,
  inspect: inspectDatabase,
  withCredentials: withLogin,
  dropDatabase,
  queryValue,
};
