/**
 * The two steps every restore shares (the Restore run and the restore drill): a full verification
 * pass over the stored backup, then read → decrypt → decompress → the adapter's restore into a target.
 */
import { isAdapterError } from "@/adapters/errors";
import type { RestoreCredentials } from "@/adapters/types";
import { formatBytes } from "@/lib/backup/format-bytes";
import { drainBackupRead, isBackupReadError } from "@/lib/backup/read-pipeline";
import { isAppError } from "@/server/errors";
import type { OpenedSource } from "../adapters/open-adapter";
import { openAdapterContext, withAdapterContext } from "../adapters/with-adapter-context";
import { loadStoredBackup, readStoredBackup, type StoredBackup } from "../storage/stored-backup";
import { openRestoreTarget } from "./open-restore-target";

/** A failure with a message written for people (no "unexpected error" prefix). */
export class RestoreFailure extends Error {
  override readonly name = "RestoreFailure";
}

const message = (e: unknown): string => (e instanceof Error ? e.message || e.name : String(e));

type Log = (level: "info" | "warn" | "error", text: string) => void;

/** The full verification pass (sha256, size, age authentication, decompression); nothing is touched. */
export const verifyStoredBackup = async (backupId: string, signal: AbortSignal, log: Log, onBytes: (n: number) => void): Promise<StoredBackup> => {
  const sb = await loadStoredBackup(backupId);
  try {
    const r = await withAdapterContext(async (ctx) => drainBackupRead(await readStoredBackup(sb, { mode: "plain", ctx, onStoredBytes: onBytes })), signal);
    log("info", `verified ${sb.backup.key}: ${formatBytes(r.storedBytes)} stored, sha256 matches${sb.spec.encrypted ? ", age authentication passed" : ""}, ${formatBytes(r.outputBytes)} after decompression`);
    return sb;
  } catch (e) {
    if (signal.aborted) throw e;
    if (isBackupReadError(e) || isAppError(e)) throw new RestoreFailure(`verification failed, the target was not touched: ${e.message}`);
    throw e;
  }
};

export type RestoreTarget = { targetSourceId: string; database: string; overwrite: boolean };

/** Streams the (already verified) backup into the target; returns the opened target source. */
export const restoreStoredBackup = async (
  sb: StoredBackup,
  target: RestoreTarget,
  run: { signal: AbortSignal; log: Log; credentials?: RestoreCredentials; onBytes: (n: number) => void },
): Promise<OpenedSource> => {
  const source = await openRestoreTarget(target.targetSourceId, run.credentials);
  const { ctx, dispose } = await openAdapterContext(run.signal);
  ctx.log = (level, text) => run.log(level, text);
  try {
    const handle = await readStoredBackup(sb, { mode: "plain", ctx, onStoredBytes: run.onBytes });
    try {
      await source.adapter.restore(source.config, { database: target.database, input: handle.stream, createDatabase: true, overwrite: target.overwrite }, ctx);
    } catch (e) {
      // A read failure stops the tool: say what broke the read rather than what the tool saw.
      const readError = await handle.done.then(
        () => null,
        (r: unknown) => r,
      );
      if (isBackupReadError(readError) && readError.code !== "CANCELLED") throw new RestoreFailure(`reading the backup failed: ${readError.message}`);
      if (isAdapterError(e)) throw new RestoreFailure(e.message);
      throw e;
    }
    await handle.done.catch((e: unknown) => {
      throw new RestoreFailure(`reading the backup failed: ${message(e)}`);
    });
    return source;
  } finally {
    await dispose();
  }
};
