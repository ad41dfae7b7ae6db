/**
 * What the restore wizard shows: the backup (nothing secret) and the sources it may go to (same
 * engine, the one it came from first), each with a suggested target name that does not collide with
 * the original: `<db>_restored_<yyyymmdd_hhmm>`, for Redis another db index, for SQLite a new file
 * next to the original.
 */
import path from "node:path";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { openSource } from "../adapters/open-adapter";

export type RestoreWizardSource = { id: string; name: string; adapterId: string; original: boolean; defaultDatabase: string; hint: string | null };

export type RestoreWizard = {
  backup: {
    id: string;
    key: string;
    jobName: string | null;
    databaseName: string;
    engine: string;
    serverVersion: string | null;
    sizeBytes: number;
    rawBytes: number | null;
    compression: string;
    encrypted: boolean;
    profileName: string | null;
    createdAt: string;
    destinationName: string;
    verifyStatus: string | null;
    verifiedAt: string | null;
    verifyError: string | null;
  };
  sources: RestoreWizardSource[];
};

const MAX_NAME = 63;

/** "orders" at 2025-03-04 05:06 UTC → "orders_restored_20250304_0506" (the original part cut to fit 63 characters). */
export const suggestRestoreName = (engine: string, database: string, original: boolean, now = new Date()): string => {
  if (engine === "redis") {
    if (!original) return database;
    return database === "db15" ? "db14" : "db15";
  }
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}_${p(now.getUTCHours())}${p(now.getUTCMinutes())}`;
  const suffix = `_restored_${stamp}`;
  const base = engine === "sqlite" ? database.replace(/\.[^.]*$/, "") || database : database;
  return `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
};

export const getRestoreWizard = async (backupId: string, now = new Date()): Promise<RestoreWizard> => {
  const b = await db.backup.findUnique({
    where: { id: backupId },
    select: {
      id: true, key: true, databaseName: true, engine: true, serverVersion: true, sizeBytes: true, rawBytes: true, compression: true,
      recipient: true, createdAt: true, verifyStatus: true, verifiedAt: true, verifyError: true,
      job: { select: { name: true, sourceId: true } },
      destination: { select: { name: true } },
      encryptionProfile: { select: { name: true } },
    },
  });
  if (!b) throw new AppError("NOT_FOUND", "That backup does not exist (it may have been deleted by retention).");
  const rows = await db.adapterConfig.findMany({ where: { kind: "source" }, select: { id: true, name: true, kind: true, adapterId: true, config: true }, orderBy: { name: "asc" } });
  const sources: RestoreWizardSource[] = [];
  for (const row of rows) {
    let opened;
    try {
      opened = await openSource(row);
    } catch {
      continue; // unreadable settings: the source page says why
    }
    if (opened.engine !== b.engine) continue;
    const original = row.id === b.job?.sourceId;
    const defaultDatabase = suggestRestoreName(b.engine, b.databaseName, original, now);
    const file = b.engine === "sqlite" ? (opened.config as { path?: string }).path : undefined;
    const hint = file ? `Written as a new file in ${path.dirname(file)} (name.db)` : b.engine === "redis" ? "A database index, db0 … db15; it must be empty unless you overwrite." : null;
    sources.push({ id: row.id, name: row.name, adapterId: row.adapterId, original, defaultDatabase, hint });
  }
  sources.sort((x, y) => Number(y.original) - Number(x.original));
  return {
    backup: {
      id: b.id,
      key: b.key,
      jobName: b.job?.name ?? null,
      databaseName: b.databaseName,
      engine: b.engine,
      serverVersion: b.serverVersion,
      sizeBytes: Number(b.sizeBytes),
      rawBytes: b.rawBytes === null ? null : Number(b.rawBytes),
      compression: b.compression,
      encrypted: b.recipient !== null,
      profileName: b.encryptionProfile?.name ?? null,
      createdAt: b.createdAt.toISOString(),
      destinationName: b.destination.name,
      verifyStatus: b.verifyStatus,
      verifiedAt: b.verifiedAt ? b.verifiedAt.toISOString() : null,
      verifyError: b.verifyError,
    },
    sources,
  };
};
