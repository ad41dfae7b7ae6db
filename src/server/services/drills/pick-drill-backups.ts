/**
 * What a drill restores: the newest backup set of the job (the Backup rows of its latest run, or the
 * newest single row for re-imported backups without a run), one row per database, preferring a copy
 * whose last verification did not fail.
 */
import { db } from "@/server/db";

export type DrillBackup = { id: string; databaseName: string; key: string; tableCounts: string | null; createdAt: Date };

export const pickDrillBackups = async (jobId: string): Promise<DrillBackup[]> => {
  const select = { id: true, databaseName: true, key: true, tableCounts: true, createdAt: true, verifyStatus: true, executionId: true } as const;
  const newest = await db.backup.findFirst({ where: { jobId }, orderBy: { createdAt: "desc" }, select });
  if (!newest) return [];
  const rows = newest.executionId ? await db.backup.findMany({ where: { jobId, executionId: newest.executionId }, orderBy: { createdAt: "asc" }, select }) : [newest];
  const byDb = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const have = byDb.get(r.databaseName);
    if (!have || (have.verifyStatus === "failed" && r.verifyStatus !== "failed")) byDb.set(r.databaseName, r);
  }
  return [...byDb.values()].map(({ id, databaseName, key, tableCounts, createdAt }) => ({ id, databaseName, key, tableCounts, createdAt }));
};
