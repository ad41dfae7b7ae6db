/**
 * The explorer's list: committed backups (a Backup row exists only once its manifest was written),
 * filtered, sorted and paged with OFFSET (sorting by size or job rules out a keyset cursor, and the
 * list is small next to the run history). Ties always break on id so pages never overlap.
 */
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import { BACKUP_LIST_SELECT, type BackupListPage, toBackupListItem } from "./backup-dto";
import type { TListBackupsQuery } from "./storage.schema";

export const backupWhere = (q: Omit<TListBackupsQuery, "sort" | "dir" | "page" | "pageSize">): Prisma.BackupWhereInput => {
  const and: Prisma.BackupWhereInput[] = [];
  if (q.destinationId) and.push({ destinationId: q.destinationId });
  if (q.jobId) and.push({ jobId: q.jobId });
  if (q.engine) and.push({ engine: q.engine });
  if (q.database) and.push({ databaseName: { contains: q.database } });
  if (q.verify === "never") and.push({ verifiedAt: null });
  if (q.verify === "ok") and.push({ verifyStatus: "ok", verifiedAt: { not: null } });
  if (q.verify === "failed") and.push({ verifyStatus: "failed", verifiedAt: { not: null } });
  if (q.locked) and.push({ locked: q.locked === "yes" });
  return and.length ? { AND: and } : {};
};

const orderBy = (sort: TListBackupsQuery["sort"], dir: "asc" | "desc"): Prisma.BackupOrderByWithRelationInput[] => {
  switch (sort) {
    case "size":
      return [{ sizeBytes: dir }, { createdAt: "desc" }, { id: "asc" }];
    case "job":
      return [{ job: { name: dir } }, { createdAt: "desc" }, { id: "asc" }];
    case "database":
      return [{ databaseName: dir }, { createdAt: "desc" }, { id: "asc" }];
    default:
      return [{ createdAt: dir }, { id: dir }];
  }
};

export const listBackups = async (q: TListBackupsQuery): Promise<BackupListPage> => {
  const where = backupWhere(q);
  const total = await db.backup.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / q.pageSize));
  const page = Math.min(q.page, pageCount);
  const rows = await db.backup.findMany({
    where,
    orderBy: orderBy(q.sort, q.dir),
    skip: (page - 1) * q.pageSize,
    take: q.pageSize,
    select: BACKUP_LIST_SELECT,
  });
  return { rows: rows.map(toBackupListItem), total, page, pageSize: q.pageSize, pageCount, sort: q.sort, dir: q.dir };
};

export type StorageFilterOptions = {
  destinations: Array<{ id: string; name: string; adapterId: string }>;
  jobs: Array<{ id: string; name: string }>;
  engines: string[];
};

/** What the filter selects offer: every destination and job, and the engines that have backups. */
export const listStorageFilterOptions = async (): Promise<StorageFilterOptions> => {
  const [destinations, jobs, engines] = await Promise.all([
    db.adapterConfig.findMany({ where: { kind: "destination" }, select: { id: true, name: true, adapterId: true }, orderBy: { name: "asc" } }),
    db.job.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.backup.findMany({ distinct: ["engine"], select: { engine: true }, orderBy: { engine: "asc" } }),
  ]);
  return { destinations, jobs, engines: engines.map((e) => e.engine) };
};
