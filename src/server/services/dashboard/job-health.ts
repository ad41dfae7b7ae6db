/**
 * Per job: the latest backup run's status, the latest success, and the newest backup that passed
 * verification. Correlated subqueries that each seek the (jobId, createdAt) indexes from the newest row
 * down, so 1k jobs cost a few thousand index seeks, not a scan of every run.
 */
import { db } from "@/server/db";
import { Prisma } from "@/generated/prisma/client";

export type JobHealthRow = {
  id: string;
  name: string;
  schedule: string | null;
  enabled: boolean;
  createdAt: Date;
  lastStatus: string | null;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  /** When the newest backup with verifyStatus "ok" was written */
  lastVerifiedBackupAt: Date | null;
  lastVerifiedAt: Date | null;
  /** Job.drill (JSON drill and objective settings, null for defaults) */
  drill: string | null;
  /** The last restore drill: passed | failed, its RTO (ms) when it passed, when it ran */
  lastDrill: { status: string; rtoMs: number | null; at: Date } | null;
};

type Raw = {
  id: string;
  name: string;
  schedule: string | null;
  enabled: number | bigint | boolean;
  createdAt: string | Date;
  lastRun: string | null;
  lastSuccessAt: string | Date | null;
  lastVerified: string | null;
  drill: string | null;
  lastDrill: string | null;
};

const date = (v: string | Date | null | undefined): Date | null => (v === null || v === undefined || v === "" ? null : v instanceof Date ? v : new Date(v));
/** "a|b" from one subquery (SQLite scalar subqueries return one column: two values, one index seek). */
const pair = (v: string | null): [string | null, string | null] => {
  if (v === null) return [null, null];
  const i = v.indexOf("|");
  return [v.slice(0, i), v.slice(i + 1) || null];
};

/** "passed|41234|2026-…" → the last drill */
const drillOf = (v: string | null): JobHealthRow["lastDrill"] => {
  if (!v) return null;
  const [status = "", rto = "", ...at] = v.split("|");
  const when = date(at.join("|"));
  return when ? { status, rtoMs: rto === "" ? null : Number(rto), at: when } : null;
};

export const getJobHealth = async (): Promise<JobHealthRow[]> => {
  const rows = await db.$queryRaw<Raw[]>(Prisma.sql`
    SELECT j."id" AS id, j."name" AS name, j."schedule" AS schedule, j."enabled" AS enabled, j."createdAt" AS createdAt,
      (SELECT e."status" || '|' || e."createdAt" FROM "Execution" e WHERE e."jobId" = j."id" AND e."type" = 'Backup'
        ORDER BY e."createdAt" DESC LIMIT 1) AS lastRun,
      (SELECT COALESCE(e."endedAt", e."createdAt") FROM "Execution" e WHERE e."jobId" = j."id" AND e."type" = 'Backup' AND e."status" IN ('Success', 'Partial')
        ORDER BY e."createdAt" DESC LIMIT 1) AS lastSuccessAt,
      (SELECT b."createdAt" || '|' || COALESCE(b."verifiedAt", '') FROM "Backup" b WHERE b."jobId" = j."id" AND b."verifyStatus" = 'ok'
        ORDER BY b."createdAt" DESC LIMIT 1) AS lastVerified,
      j."drill" AS drill,
      (SELECT d."status" || '|' || COALESCE(d."rtoMs", '') || '|' || d."createdAt" FROM "DrillResult" d WHERE d."jobId" = j."id" AND d."status" <> 'cancelled'
        ORDER BY d."createdAt" DESC LIMIT 1) AS lastDrill
    FROM "Job" j`);
  return rows.map((r) => {
    const [lastStatus, lastRunAt] = pair(r.lastRun);
    const [verifiedBackupAt, verifiedAt] = pair(r.lastVerified);
    return {
      id: r.id,
      name: r.name,
      schedule: r.schedule,
      enabled: r.enabled === true || Number(r.enabled) === 1,
      createdAt: date(r.createdAt) as Date,
      lastStatus,
      lastRunAt: date(lastRunAt),
      lastSuccessAt: date(r.lastSuccessAt),
      lastVerifiedBackupAt: date(verifiedBackupAt),
      lastVerifiedAt: date(verifiedAt),
      drill: r.drill,
      lastDrill: drillOf(r.lastDrill),
    };
  });
};
