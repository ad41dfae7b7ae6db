/** PostgreSQL source: psql for probes, pg_dump -Fc to back up, pg_restore to restore. */
import type { SourceAdapter } from "../../types";
import type { PostgresConfig } from "./config";
import { dumpDatabase } from "./dump";
import { listDatabases, serverVersion, testConnection } from "./probe";
import { restoreDatabase } from "./restore";
import { inspectDatabase, restorePreflight } from "./restore-preflight";
import { restoreOwningInput, withLogin } from "../tool-source";
import { dropDatabase, queryValue } from "./drill";

export const postgresSource: SourceAdapter<PostgresConfig> = {
  engine: "postgres",
  dumpExtension: "dump",
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
