/** Shared by the restore tests: real databases to back up, run a backup, run a restore. Not a test file. */
import { execFileSync } from "node:child_process";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { startRestoreRun } from "@/server/services/restore/start-restore-run";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { waitForRun } from "./engine/fixtures";
import { env } from "./helpers/services";

export const psql = (database: string, sql: string): string =>
  execFileSync("psql", ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql], { encoding: "utf8", env: process.env }).trim();

export const pgExists = (database: string): boolean => psql("postgres", `SELECT count(*) FROM pg_database WHERE datname = '${database.replace(/'/g, "''")}'`) === "1";

export const pgDrop = (database: string) => psql("postgres", `DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);

const myEnv = () => ({ ...process.env, MYSQL_PWD: env("MYSQL_PASSWORD") });
const myArgs = () => ["--no-defaults", "--protocol=TCP", "-h", env("MYSQL_HOST"), "-P", env("MYSQL_PORT"), "-u", env("MYSQL_USER"), "--skip-ssl"];
export const mysql = (sql: string, database?: string): string =>
  execFileSync("mariadb", [...myArgs(), "-N", "-B", ...(database ? [database] : []), "-e", sql], { encoding: "utf8", env: myEnv() }).trim();

export const sqlite = (file: string, sql: string): string => execFileSync("sqlite3", ["-batch", file, sql], { encoding: "utf8" }).trim();

/** A backup run of the job to its end; returns the Backup rows it stored. */
export const backUp = async (jobId: string) => {
  const { executionId } = await startBackupRun({ jobId, trigger: "manual", actor: SYSTEM_ACTOR });
  const e = await waitForRun(executionId, 120_000);
  if (e.status !== "Success") throw new Error(`backup ${executionId} ended ${e.status}: ${e.error}`);
  return db.backup.findMany({ where: { executionId }, orderBy: { createdAt: "asc" } });
};

export type RestoreArgs = { backupId: string; targetSourceId: string; database: string; overwrite?: boolean; confirm?: string; credentials?: { username: string; password?: string } };

export const restore = async (a: RestoreArgs) => {
  const { executionId } = await startRestoreRun({ ...a, overwrite: a.overwrite ?? false, actor: SYSTEM_ACTOR });
  return waitForRun(executionId, 120_000);
};

export const restoreMeta = (e: { metadata: string | null }) =>
  (JSON.parse(e.metadata ?? "{}") as { restore: { summary?: { tables?: { name: string; rows: number }[]; keys?: number }; checks?: { label: string; status: string; message: string }[] } }).restore;
