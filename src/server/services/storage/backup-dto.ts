/** A committed backup as the explorer and the API show it: no manifest body, no secrets, sizes as numbers. */
import type { BackupSort } from "./storage.schema";

export type VerificationState =
  | { state: "never" }
  | { state: "ok"; at: string }
  | { state: "failed"; at: string; reason: string };

export type BackupListItem = {
  id: string;
  job: { id: string; name: string } | null;
  destination: { id: string; name: string; adapterId: string };
  databaseName: string;
  engine: string;
  serverVersion: string | null;
  key: string;
  sizeBytes: number;
  rawBytes: number | null;
  compression: string;
  /** null when the backup is not encrypted */
  encryption: { profileId: string | null; profileName: string | null; recipient: string | null } | null;
  locked: boolean;
  verification: VerificationState;
  createdAt: string;
};

export type BackupListPage = {
  rows: BackupListItem[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  sort: BackupSort;
  dir: "asc" | "desc";
};

export const BACKUP_LIST_SELECT = {
  id: true,
  databaseName: true,
  engine: true,
  serverVersion: true,
  key: true,
  sizeBytes: true,
  rawBytes: true,
  compression: true,
  encryptionProfileId: true,
  recipient: true,
  locked: true,
  verifiedAt: true,
  verifyStatus: true,
  verifyError: true,
  createdAt: true,
  job: { select: { id: true, name: true } },
  destination: { select: { id: true, name: true, adapterId: true } },
  encryptionProfile: { select: { name: true } },
} as const;

type Row = {
  id: string;
  databaseName: string;
  engine: string;
  serverVersion: string | null;
  key: string;
  sizeBytes: bigint;
  rawBytes: bigint | null;
  compression: string;
  encryptionProfileId: string | null;
  recipient: string | null;
  locked: boolean;
  verifiedAt: Date | null;
  verifyStatus: string | null;
  verifyError: string | null;
  createdAt: Date;
  job: { id: string; name: string } | null;
  destination: { id: string; name: string; adapterId: string };
  encryptionProfile: { name: string } | null;
};

export const verificationOf = (r: Pick<Row, "verifiedAt" | "verifyStatus" | "verifyError">): VerificationState => {
  if (!r.verifiedAt || !r.verifyStatus) return { state: "never" };
  if (r.verifyStatus === "ok") return { state: "ok", at: r.verifiedAt.toISOString() };
  return { state: "failed", at: r.verifiedAt.toISOString(), reason: r.verifyError ?? "unknown error" };
};

export const toBackupListItem = (r: Row): BackupListItem => ({
  id: r.id,
  job: r.job,
  destination: r.destination,
  databaseName: r.databaseName,
  engine: r.engine,
  serverVersion: r.serverVersion,
  key: r.key,
  sizeBytes: Number(r.sizeBytes),
  rawBytes: r.rawBytes === null ? null : Number(r.rawBytes),
  compression: r.compression,
  encryption:
    r.encryptionProfileId || r.recipient
      ? { profileId: r.encryptionProfileId, profileName: r.encryptionProfile?.name ?? null, recipient: r.recipient }
      : null,
  locked: r.locked,
  verification: verificationOf(r),
  createdAt: r.createdAt.toISOString(),
});
