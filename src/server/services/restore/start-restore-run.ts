/**
 * Starts a restore of one stored backup into a target source: checks what can be checked without
 * touching anything (the backup, the target's engine, the name, the typed confirmation), creates a
 * Pending Execution (type Restore) and hands it to the restore queue, which starts it as soon as the
 * restore budget (`queue.maxConcurrentRestores`) allows. The run itself does the full preflight, the
 * verification pass and the restore (execute-restore-run.ts).
 */
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { holdRestoreCredentials } from "@/server/runs/restore-credentials";
import { drainRestores } from "@/server/scheduler/run-queue";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { checkTargetName } from "./preflight-restore";
import { openRestoreTarget } from "./open-restore-target";
import { type RestoreMetadata, restoreMetadataJson } from "./restore-metadata";
import type { TRestoreRequest } from "./restore.schema";

export type StartRestoreInput = TRestoreRequest & { backupId: string; actor: Actor; trigger?: "manual" | "api" };

export const startRestoreRun = async (input: StartRestoreInput): Promise<{ executionId: string }> => {
  const { backupId, targetSourceId, database, overwrite, confirm, credentials, actor } = input;
  const backup = await db.backup.findUnique({
    where: { id: backupId },
    select: { id: true, key: true, engine: true, databaseName: true, serverVersion: true, destination: { select: { id: true, name: true } }, job: { select: { name: true } } },
  });
  if (!backup) throw new AppError("NOT_FOUND", "That backup does not exist (it may have been deleted by retention).");
  if (overwrite && confirm !== database) {
    throw new AppError("VALIDATION", `Overwriting needs the database name typed again: type ${database} to confirm.`, {
      fieldErrors: { confirm: [`Type ${database} to confirm the overwrite`] },
    });
  }
  // Opening the target checks it exists, is a source, and accepts the privileged login (nothing is contacted yet).
  const source = await openRestoreTarget(targetSourceId, credentials);
  if (source.engine !== backup.engine) {
    throw new AppError("PRECONDITION_FAILED", `The backup is ${backup.engine}, ${source.name} is ${source.engine}: pick a ${backup.engine} source.`);
  }
  const badName = checkTargetName(source.engine, database);
  if (badName) throw new AppError("VALIDATION", badName, { fieldErrors: { database: [badName] } });

  const params: RestoreMetadata = {
    backupId: backup.id,
    key: backup.key,
    engine: backup.engine,
    backupDatabase: backup.databaseName,
    backupServerVersion: backup.serverVersion,
    jobName: backup.job?.name ?? null,
    destinationId: backup.destination.id,
    destinationName: backup.destination.name,
    targetSourceId: source.id,
    targetSourceName: source.name,
    database,
    overwrite,
    privilegedLogin: credentials !== undefined,
  };
  // No jobId: a restore is not a run of the job, so it never blocks (or is blocked by) the job's backups.
  const execution = await db.execution.create({
    data: {
      type: "Restore",
      status: "Pending",
      trigger: input.trigger ?? "manual",
      triggeredById: actor.kind === "user" ? actor.userId : null,
      step: "waiting for a restore slot",
      metadata: restoreMetadataJson(params),
    },
    select: { id: true },
  });
  if (credentials) holdRestoreCredentials(execution.id, credentials);

  await recordAudit({
      actor,
      action: "backup.restore",
      resourceType: "backup",
      resourceId: backup.id,
    details: { executionId: execution.id, key: backup.key, targetSourceId: source.id, targetSource: source.name, database, overwrite, privilegedLogin: credentials !== undefined },
  });
  void drainRestores();
  return { executionId: execution.id };
};
