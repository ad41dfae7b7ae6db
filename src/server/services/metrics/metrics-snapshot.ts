/**
 * What /metrics reports, read from the database at scrape time. Everything is derived from rows
 * (Execution, Backup, AdapterConfig), never from in-process counters, so a scrape right after a restart
 * is as correct as one before it, and two processes on one database agree. The cost is a few aggregates
 * per scrape (about 100 ms at 100k runs), which a 15–60 s scrape interval absorbs.
 */
import { db } from "@/server/db";
import { Prisma } from "@/generated/prisma/client";
import { getJobHealth, type JobHealthRow } from "../dashboard/job-health";
import { jobsRecoveryObjectives, type RecoveryObjectives } from "../objectives/job-recovery-objectives";

/** Upper bounds (le) of the size histogram, in bytes: 1 MiB … 1 TiB. */
export const SIZE_BUCKETS = [2 ** 20, 10 * 2 ** 20, 100 * 2 ** 20, 2 ** 30, 10 * 2 ** 30, 100 * 2 ** 30, 2 ** 40];
/** Upper bounds of the duration histogram, in seconds: 10 s … 12 h. */
export const DURATION_BUCKETS = [10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 43_200];

export type HistogramRow = { jobId: string | null; buckets: number[]; sum: number; count: number };

export type MetricsSnapshot = {
  jobs: JobHealthRow[];
  runs: Array<{ jobId: string | null; type: string; status: string; count: number }>;
  sizes: HistogramRow[];
  durations: HistogramRow[];
  adapters: Array<{ id: string; name: string; kind: string; adapterId: string; healthStatus: string; consecutiveFailures: number; lastHealthCheck: Date | null }>;
  queue: Array<{ type: string; count: number }>;
  running: Array<{ type: string; count: number }>;
  /** RPO/RTO per job (docs/drills.md) */
  objectives: RecoveryObjectives[];
};

type RawHist = Record<string, bigint | number | string | null>;

const bucketColumns = (expr: Prisma.Sql, bounds: number[]) =>
  Prisma.join(
    bounds.map((b, i) => Prisma.sql`SUM(CASE WHEN ${expr} <= ${b} THEN 1 ELSE 0 END) AS ${Prisma.raw(`b${i}`)}`),
    ", ",
  );

const toHistogram = (rows: RawHist[], bounds: number[]): HistogramRow[] =>
  rows.map((r) => ({
    jobId: (r.jobId as string | null) ?? null,
    buckets: bounds.map((_, i) => Number(r[`b${i}`] ?? 0)),
    sum: Number(r.total ?? 0),
    count: Number(r.n ?? 0),
  }));

export const loadMetricsSnapshot = async (): Promise<MetricsSnapshot> => {
  const size = Prisma.sql`"sizeBytes"`;
  const seconds = Prisma.sql`((julianday("endedAt") - julianday("startedAt")) * 86400.0)`;
  const [jobs, runs, sizes, durations, adapters, queue, running, objectives] = await Promise.all([
    getJobHealth(),
    db.execution.groupBy({ by: ["jobId", "type", "status"], _count: { _all: true } }),
    db.$queryRaw<RawHist[]>(Prisma.sql`
      SELECT "jobId" AS jobId, ${bucketColumns(size, SIZE_BUCKETS)}, SUM(${size}) AS total, COUNT(*) AS n
      FROM "Backup" GROUP BY "jobId"`),
    db.$queryRaw<RawHist[]>(Prisma.sql`
      SELECT "jobId" AS jobId, ${bucketColumns(seconds, DURATION_BUCKETS)}, SUM(${seconds}) AS total, COUNT(*) AS n
      FROM "Execution"
      WHERE "type" = 'Backup' AND "status" IN ('Success', 'Partial', 'Failed') AND "startedAt" IS NOT NULL AND "endedAt" IS NOT NULL
      GROUP BY "jobId"`),
    db.adapterConfig.findMany({
      where: { kind: { in: ["source", "destination", "notifier"] } },
      select: { id: true, name: true, kind: true, adapterId: true, healthStatus: true, consecutiveFailures: true, lastHealthCheck: true },
    }),
    db.execution.groupBy({ by: ["type"], where: { status: "Pending" }, _count: { _all: true } }),
    db.execution.groupBy({ by: ["type"], where: { status: "Running" }, _count: { _all: true } }),
    jobsRecoveryObjectives(),
  ]);
  return {
    jobs,
    runs: runs.map((r) => ({ jobId: r.jobId, type: r.type, status: r.status, count: r._count._all })),
    sizes: toHistogram(sizes, SIZE_BUCKETS),
    durations: toHistogram(durations, DURATION_BUCKETS),
    adapters,
    queue: queue.map((q) => ({ type: q.type, count: q._count._all })),
    running: running.map((q) => ({ type: q.type, count: q._count._all })),
    objectives,
  };
};
