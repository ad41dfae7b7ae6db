/**
 * Backup runs per calendar day (system time zone) and status, for the activity chart, the calendar
 * heatmap and the 30-day success rate. Aggregated in SQL; the days before yesterday come from the
 * settled cache (one scan every few minutes), yesterday and today from an Execution_type_createdAt range.
 */
import { db } from "@/server/db";
import { Prisma } from "@/generated/prisma/client";
import { localDaySql, sqlInstant } from "./day-sql";
import { settled } from "./settled-cache";
import { offsetSegments, startOfDay } from "./tz-days";

export type DayCounts = Record<string, number>;

const query = async (from: Date, to: Date | null, tz: string, now: Date) => {
  const day = localDaySql(`"createdAt"`, offsetSegments(tz, from, to ?? now));
  const upper = to ? Prisma.sql`AND "createdAt" < ${sqlInstant(to)}` : Prisma.empty;
  return db.$queryRaw<Array<{ day: string; status: string; n: bigint | number }>>(Prisma.sql`
    SELECT ${day} AS day, "status" AS status, COUNT(*) AS n
    FROM "Execution"
    WHERE "type" = 'Backup' AND "createdAt" >= ${sqlInstant(from)} ${upper}
    GROUP BY day, status`);
};

/** day ("YYYY-MM-DD") → status → backup runs, from the start of `firstDay`; `liveFromDay` onwards is never cached. */
export const getRunDays = async ({ firstDay, liveFromDay, tz, now }: { firstDay: string; liveFromDay: string; tz: string; now: Date }): Promise<Map<string, DayCounts>> => {
  const from = startOfDay(firstDay, tz);
  const split = startOfDay(liveFromDay, tz);
  // The settled part is keyed by its row count too (a covering-index count, a few ms at 100k runs), so
  // rows inserted into or deleted from past days (imports, pruning) show at once rather than after the TTL.
  const [[fp], recent] = await Promise.all([
    db.$queryRaw<Array<{ n: bigint | number }>>(Prisma.sql`
      SELECT COUNT(*) AS n FROM "Execution" WHERE "type" = 'Backup' AND "createdAt" >= ${sqlInstant(from)} AND "createdAt" < ${sqlInstant(split)}`),
    query(split, null, tz, now),
  ]);
  const old = await settled("run-days", `${tz}|${firstDay}|${liveFromDay}|${Number(fp?.n ?? 0)}`, () => query(from, split, tz, now));
  const out = new Map<string, DayCounts>();
  for (const r of [...old, ...recent]) {
    const counts = out.get(r.day) ?? {};
    counts[r.status] = (counts[r.status] ?? 0) + Number(r.n);
    out.set(r.day, counts);
  }
  return out;
};
