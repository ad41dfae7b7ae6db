/**
 * Verification: one full streaming pass over a stored backup, recorded on its row. "plain" mode when
 * the key is available (sha256 + size of the stored bytes, age authentication of every chunk, and a
 * complete decompression), otherwise "raw" (sha256 + size only: the backup is encrypted and no profile
 * in the vault holds its key) and the result says so. A failure is recorded, logged and returned, not
 * thrown: only an unknown backup throws.
 */
import { isBackupReadError, drainBackupRead, type ReadMode } from "@/lib/backup/read-pipeline";
import { formatBytes } from "@/lib/backup/format-bytes";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { AppError, isAppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { notifyEvent } from "../notifications/notify-event";
import { identitiesFor, loadStoredBackup, readStoredBackup, type StoredBackup } from "./stored-backup";

export type VerifyResult = {
  backupId: string;
  status: "ok" | "failed";
  /** How far the pass went: "plain" (decrypted and decompressed) or "raw" (hash and size only) */
  mode: ReadMode;
  /** Why the pass was only "raw", when it was */
  note: string | null;
  error: string | null;
  storedBytes: number;
  verifiedAt: string;
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The identities and mode for a full check, or "raw" with the reason the key is missing. */
const chooseMode = async (sb: StoredBackup): Promise<{ mode: ReadMode; identities: string[]; note: string | null }> => {
  if (!sb.spec.encrypted) return { mode: "plain", identities: [], note: null };
  try {
    return { mode: "plain", identities: await identitiesFor(sb), note: null };
  } catch (e) {
    if (!isAppError(e) || e.code !== "PRECONDITION_FAILED") throw e;
    return { mode: "raw", identities: [], note: `only the sha256 and size were checked: ${e.message}` };
  }
};

/** The pass itself, on an opened backup; never throws for a bad backup. */
export const runVerification = async (sb: StoredBackup, signal?: AbortSignal): Promise<Omit<VerifyResult, "verifiedAt" | "backupId">> => {
  let chosen: Awaited<ReturnType<typeof chooseMode>>;
  try {
    chosen = await chooseMode(sb);
  } catch (e) {
    return { status: "failed", mode: "raw", note: null, error: message(e), storedBytes: 0 };
  }
  let storedBytes = 0;
  try {
    const r = await withAdapterContext(async (ctx) => {
      const handle = await readStoredBackup(sb, { mode: chosen.mode, ctx, identities: chosen.identities, onStoredBytes: (n) => (storedBytes = n) });
      return drainBackupRead(handle);
    }, signal);
    return { status: "ok", mode: chosen.mode, note: chosen.note, error: null, storedBytes: r.storedBytes };
  } catch (e) {
    const error = isBackupReadError(e) ? e.message : `reading the backup failed: ${message(e)}`;
    return { status: "failed", mode: chosen.mode, note: chosen.note, error, storedBytes };
  }
};

/** Verifies one backup and records the outcome. Audited when a person asked for it. */
export const verifyBackup = async ({ backupId, actor, signal }: { backupId: string; actor: Actor; signal?: AbortSignal }): Promise<VerifyResult> => {
  const exists = await db.backup.findUnique({ where: { id: backupId }, select: { id: true, key: true } });
  if (!exists) throw new AppError("NOT_FOUND", "That backup does not exist (it may have been deleted by retention).");

  let outcome: Omit<VerifyResult, "verifiedAt" | "backupId">;
  let where = "";
  try {
    const sb = await loadStoredBackup(backupId);
    where = sb.destination.name;
    outcome = await runVerification(sb, signal);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") throw e;
    // The destination cannot be opened (its settings are broken): the backup could not be checked.
    outcome = { status: "failed", mode: "raw", note: null, error: message(e), storedBytes: 0 };
  }
  const verifiedAt = new Date();
  await db.backup.updateMany({ where: { id: backupId }, data: { verifiedAt, verifyStatus: outcome.status, verifyError: outcome.error } });

  if (outcome.status === "failed") {
    log.warn("backup verification failed", { backupId, key: exists.key, destination: where, error: outcome.error });
    void notifyEvent({ type: "verify.failed", backupId, error: outcome.error ?? "verification failed" });
  } else {
    log.info(`verified ${exists.key}${where ? ` on ${where}` : ""}: read ${formatBytes(outcome.storedBytes)} (${outcome.mode === "plain" ? "full check" : "sha256 and size only"})`);
  }
  if (actor.kind === "user") {
    await recordAudit({
      actor,
      action: "backup.verify",
      resourceType: "backup",
      resourceId: backupId,
      outcome: outcome.status === "ok" ? "success" : "failure",
      details: { key: exists.key, mode: outcome.mode, status: outcome.status, error: outcome.error, note: outcome.note },
    });
  }
  return { backupId, ...outcome, verifiedAt: verifiedAt.toISOString() };
};
