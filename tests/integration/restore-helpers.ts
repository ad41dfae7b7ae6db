/** Shared by the restore tests: real databases to back up, run a backup, run a restore. Not a test file. */
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { startRestoreRun } from "@/server/services/restore/start-restore-run";
import { startBackupRun } from "@/server/services/runs/start-backup-run";
import { waitForRun } from "./engine/fixtures";
import { psql } from "./helpers/native-sql";

export { mysql, psql, sqlite } from "./helpers/native-sql";

export const pgExists = (database: string): boolean => psql("postgres", `SELECT count(*) FROM pg_database WHERE datname = '${database.replace(/'/g, "''")}'`) === "1";

export const pgDrop = (database: string) => psql("postgres", `DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);

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
