/**
 * Deletes one backup by hand: refused while it is locked. The MANIFEST goes first, then the data
 * object, then the row (as retention does): a crash in between leaves an orphan the GC removes, never
 * a manifest that promises data which is gone. A destination error keeps the row, so the backup stays
 * listed and the delete can be retried.
 */
import { manifestKeyFor } from "@/lib/backup/keys";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AdapterOpenError, openDestination } from "../adapters/open-adapter";
import { withAdapterContext } from "../adapters/with-adapter-context";

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const deleteBackup = async ({ backupId, actor }: { backupId: string; actor: Actor }): Promise<{ id: string; key: string }> => {
  const row = await db.backup.findUnique({
    where: { id: backupId },
    select: { id: true, key: true, manifestKey: true, locked: true, databaseName: true, jobId: true, destination: { select: { id: true, name: true, kind: true, adapterId: true, config: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", "That backup does not exist (it may have been deleted by retention).");
  const details = { key: row.key, destination: row.destination.name, database: row.databaseName, jobId: row.jobId };
  if (row.locked) {
    await recordAudit({ actor, action: "backup.delete", resourceType: "backup", resourceId: backupId, outcome: "failure", details: { ...details, error: "locked" } });
    throw new AppError("CONFLICT", `${row.key} is locked: unlock it first to delete it.`);
  }

  try {
    const dest = await openDestination(row.destination);
    await withAdapterContext(async (ctx) => {
      // Manifest first: once it is gone the backup is no longer a backup, even if the data delete fails.
      await dest.adapter.delete(dest.config, row.manifestKey || manifestKeyFor(row.key), ctx);
      await dest.adapter.delete(dest.config, row.key, ctx);
    });
  } catch (e) {
    const error = `could not delete ${row.key} from ${row.destination.name}: ${message(e)}`;
    await recordAudit({ actor, action: "backup.delete", resourceType: "backup", resourceId: backupId, outcome: "failure", details: { ...details, error } });
    if (e instanceof AdapterOpenError) throw new AppError("PRECONDITION_FAILED", error, { cause: e });
    throw new AppError("UNAVAILABLE", error, { cause: e });
  }
  await db.backup.deleteMany({ where: { id: backupId } });
  log.info("backup deleted", { backupId, key: row.key, destination: row.destination.name });
  await recordAudit({ actor, action: "backup.delete", resourceType: "backup", resourceId: backupId, details });
  return { id: row.id, key: row.key };
};
