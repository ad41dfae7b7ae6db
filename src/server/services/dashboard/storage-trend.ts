/**
 * Bytes kept per destination, day by day, rebuilt from the Backup rows that still exist: the total
 * before the window, then what each day added. Backups pruned by retention have no row any more, so the
 * curve shows how today's stored set accumulated; its last point is today's usage. The part before
 * yesterday comes from the settled cache; yesterday and today seek Backup_destinationId_createdAt.
 */
import { db } from "@/server/db";
import { Prisma } from "@/generated/prisma/client";
import { localDaySql, sqlInstant } from "./day-sql";
import { settled } from "./settled-cache";
import { offsetSegments, startOfDay } from "./tz-days";

export type StorageRows = Array<{ destinationId: string; day: string | null; bytes: number; count: number }>;

type Raw = Array<{ destinationId: string; day: string | null; bytes: bigint | number | null; n: bigint | number }>;

/** day null = everything written before `firstDay`. */
export const getStorageRows = async ({
  firstDay,
  liveFromDay,
  destinationIds,
  tz,
  now,
}: {
  firstDay: string;
  liveFromDay: string;
  destinationIds: string[];
  tz: string;
  now: Date;
}): Promise<StorageRows> => {
  const from = startOfDay(firstDay, tz);
  const split = startOfDay(liveFromDay, tz);
  const day = localDaySql(`"createdAt"`, offsetSegments(tz, from, now));
  const older = () =>
    db.$queryRaw<Raw>(Prisma.sql`
      SELECT "destinationId" AS destinationId,
        CASE WHEN "createdAt" < ${sqlInstant(from)} THEN NULL ELSE ${day} END AS day,
        SUM("sizeBytes") AS bytes, COUNT(*) AS n
      FROM "Backup" WHERE "createdAt" < ${sqlInstant(split)}
      GROUP BY destinationId, day`);
  const recent = (): Promise<Raw> =>
    destinationIds.length === 0
      ? Promise.resolve([])
      : db.$queryRaw<Raw>(Prisma.sql`
          SELECT "destinationId" AS destinationId, ${day} AS day, SUM("sizeBytes") AS bytes, COUNT(*) AS n
          FROM "Backup" WHERE "destinationId" IN (${Prisma.join(destinationIds)}) AND "createdAt" >= ${sqlInstant(split)}
          GROUP BY destinationId, day`);
  // Keyed by the settled row count as well: a backup deleted (retention, by hand) leaves the curve and the total at once.
  const [[fp], b] = await Promise.all([
    db.$queryRaw<Array<{ n: bigint | number }>>(Prisma.sql`SELECT COUNT(*) AS n FROM "Backup" WHERE "createdAt" < ${sqlInstant(split)}`),
    recent(),
  ]);
  const a = await settled("storage", `${tz}|${firstDay}|${liveFromDay}|${Number(fp?.n ?? 0)}`, older);
  return [...a, ...b].map((r) => ({ destinationId: r.destinationId, day: r.day, bytes: Number(r.bytes ?? 0), count: Number(r.n) }));
};
