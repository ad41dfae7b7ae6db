/**
 * A committed backup (a Backup row, written only after its manifest) opened for reading: its
 * destination with the config decrypted, what the manifest promises (sha256, size, compression,
 * encryption), and the key to decrypt it. Verification, downloads and restores all read through here.
 */
import type { AdapterContext } from "@/adapters/types";
import { type BackupReadHandle, type ReadMode, type StoredBackupSpec, openBackupRead } from "@/lib/backup/read-pipeline";
import { type BackupManifest, parseManifest } from "@/lib/backup/manifest";
import { isCompressionKind } from "@/lib/compression/kinds";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { unseal } from "@/server/secrets";
import { AdapterOpenError, type OpenedDestination, openDestination } from "../adapters/open-adapter";
import { identityContext } from "../vault/profile-dto";

export const STORED_BACKUP_SELECT = {
  id: true,
  jobId: true,
  executionId: true,
  destinationId: true,
  databaseName: true,
  engine: true,
  serverVersion: true,
  toolVersion: true,
  key: true,
  manifestKey: true,
  sizeBytes: true,
  rawBytes: true,
  sha256: true,
  compression: true,
  encryptionProfileId: true,
  recipient: true,
  manifest: true,
  locked: true,
  verifiedAt: true,
  verifyStatus: true,
  verifyError: true,
  createdAt: true,
  job: { select: { id: true, name: true } },
  destination: { select: { id: true, name: true, kind: true, adapterId: true, config: true } },
} as const;

export type StoredBackupRow = {
  id: string;
  jobId: string | null;
  databaseName: string;
  engine: string;
  serverVersion: string | null;
  key: string;
  manifestKey: string;
  sizeBytes: number;
  sha256: string;
  compression: string;
  encryptionProfileId: string | null;
  recipient: string | null;
  locked: boolean;
  createdAt: Date;
  jobName: string | null;
};

export type StoredBackup = {
  backup: StoredBackupRow;
  manifest: BackupManifest;
  destination: OpenedDestination;
  spec: StoredBackupSpec;
};

/** Loads the backup and opens its destination. NOT_FOUND for an unknown id; PRECONDITION_FAILED when it cannot be read as recorded. */
export const loadStoredBackup = async (backupId: string): Promise<StoredBackup> => {
  const row = await db.backup.findUnique({ where: { id: backupId }, select: STORED_BACKUP_SELECT });
  if (!row) throw new AppError("NOT_FOUND", "That backup does not exist (it may have been deleted by retention).");
  const parsed = parseManifest(row.manifest);
  if (!parsed.ok) throw new AppError("PRECONDITION_FAILED", `The recorded manifest of ${row.key} is unreadable: ${parsed.error}`);
  if (!isCompressionKind(row.compression)) throw new AppError("PRECONDITION_FAILED", `Unknown compression "${row.compression}" on ${row.key}.`);
  let destination: OpenedDestination;
  try {
    destination = await openDestination(row.destination);
  } catch (e) {
    if (e instanceof AdapterOpenError) throw new AppError("PRECONDITION_FAILED", e.message, { cause: e });
    throw e;
  }
  const encrypted = parsed.manifest.encryption !== null;
  return {
    backup: {
      id: row.id,
      jobId: row.jobId,
      databaseName: row.databaseName,
      engine: row.engine,
      serverVersion: row.serverVersion,
      key: row.key,
      manifestKey: row.manifestKey,
      sizeBytes: Number(row.sizeBytes),
      sha256: row.sha256,
      compression: row.compression,
      encryptionProfileId: row.encryptionProfileId,
      recipient: row.recipient,
      locked: row.locked,
      createdAt: row.createdAt,
      jobName: row.job?.name ?? null,
    },
    manifest: parsed.manifest,
    destination,
    spec: { sha256: row.sha256, storedBytes: Number(row.sizeBytes), compression: row.compression, encrypted },
  };
};

/**
 * The age identities that open this backup: its profile's, or (when the profile row was deleted and
 * re-imported) any profile with one of the manifest's recipients. Empty for an unencrypted backup.
 * Used internally only (restore, verify, decrypted download): never returned or logged.
 */
export const identitiesFor = async (sb: StoredBackup): Promise<string[]> => {
  const recipients = sb.manifest.encryption?.recipients ?? [];
  if (recipients.length === 0) return [];
  const profiles = await db.encryptionProfile.findMany({
    where: { OR: [...(sb.backup.encryptionProfileId ? [{ id: sb.backup.encryptionProfileId }] : []), { recipient: { in: recipients } }] },
    select: { id: true, name: true, identity: true },
  });
  if (profiles.length === 0) {
    throw new AppError("PRECONDITION_FAILED", `This backup is encrypted to ${recipients[0]}, and no encryption profile in the vault has that key: import the profile's key (from its recovery kit) first.`);
  }
  return profiles.map((p) => {
    try {
      return unseal(p.identity, identityContext(p.id));
    } catch (e) {
      throw new AppError("PRECONDITION_FAILED", `The key of encryption profile "${p.name}" cannot be opened with this instance's ENCRYPTION_KEY.`, { cause: e });
    }
  });
};

export type ReadStoredBackupOptions = {
  mode: ReadMode;
  ctx: AdapterContext;
  onStoredBytes?: (bytes: number) => void;
  /** Defaults to the profile's identities when the mode needs them */
  identities?: string[];
};

/** Opens the destination's stream and starts the checked read pass (see lib/backup/read-pipeline). */
export const readStoredBackup = async (sb: StoredBackup, o: ReadStoredBackupOptions): Promise<BackupReadHandle> => {
  const identities = o.identities ?? (o.mode !== "raw" && sb.spec.encrypted ? await identitiesFor(sb) : []);
  const stored = await sb.destination.adapter.read(sb.destination.config, sb.backup.key, o.ctx);
  return openBackupRead(stored, sb.spec, { mode: o.mode, identities, signal: o.ctx.signal, onStoredBytes: o.onStoredBytes });
};
