/**
 * Everything the dashboard shows, in one call: a handful of SQL aggregates run side by side (see the
 * query files for their index use) and shaped here. Sized for 1k jobs and 100k runs (bench/dashboard.ts).
 */
import { db } from "@/server/db";
import { EXECUTION_LIST_SELECT, type ExecutionListItem, toExecutionListItem } from "../executions/execution-dto";
import { getSettings } from "../settings/get-settings";
import {
  type ActivityPoint,
  activitySeries,
  type HeatDay,
  heatmapSeries,
  jobBreakdown,
  type JobStatusSlice,
  type StorageSeries,
  storageSeries,
  successRate,
  type Verdict,
  verdictOf,
  type VerificationRow,
  verificationRows,
} from "./dashboard-shape";
import { parseDrillSettings } from "@/lib/drills/settings";
import { rpoTargetMs } from "@/lib/drills/objectives";
import { intervalCache } from "./expected-interval";
import { getJobHealth } from "./job-health";
import { getRunDays } from "./run-days";
import { getStorageRows } from "./storage-trend";
import { lastDays } from "./tz-days";

export const ACTIVITY_DAYS = 30;
/** 53 weeks, so the calendar shows 12 full months plus the partial weeks at both ends. */
export const HEATMAP_DAYS = 371;
export const STORAGE_DAYS = 90;
export const VERIFICATION_ROWS = 12;
export const LATEST_RUNS = 8;

export type Dashboard = {
  generatedAt: string;
  timezone: string;
  verdict: Verdict;
  kpis: {
    jobs: number;
    enabledJobs: number;
    successRate: number | null;
    finishedRuns: number;
    storedBytes: number;
    backupCount: number;
    lastFailure: { executionId: string; jobId: string | null; jobName: string | null; type: string; at: string; error: string | null } | null;
  };
  activity: ActivityPoint[];
  heatmap: HeatDay[];
  jobStatus: JobStatusSlice[];
  storage: StorageSeries;
  verification: { rows: VerificationRow[]; overdue: number; scheduled: number; total: number };
  latestRuns: ExecutionListItem[];
};

export const getDashboard = async ({ now = new Date() }: { now?: Date } = {}): Promise<Dashboard> => {
  const settings = await getSettings();
  const tz = settings["system.timezone"];
  const heatDays = lastDays(HEATMAP_DAYS, tz, now);
  const activityDays = heatDays.slice(-ACTIVITY_DAYS);
  const storageDays = heatDays.slice(-STORAGE_DAYS);

  const liveFromDay = heatDays[heatDays.length - 2]!;
  const destinations = await db.adapterConfig.findMany({ where: { kind: "destination" }, select: { id: true, name: true } });

  const [runDays, jobs, storageRows, lastFailure, latest] = await Promise.all([
    getRunDays({ firstDay: heatDays[0]!, liveFromDay, tz, now }),
    getJobHealth(),
    getStorageRows({ firstDay: storageDays[0]!, liveFromDay, destinationIds: destinations.map((d) => d.id), tz, now }),
    db.execution.findFirst({
      where: { status: "Failed", type: { not: "System" } },
      orderBy: { createdAt: "desc" },
      select: { id: true, jobId: true, type: true, createdAt: true, endedAt: true, error: true, job: { select: { name: true } } },
    }),
    db.execution.findMany({ where: { type: { not: "System" } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: LATEST_RUNS, select: EXECUTION_LIST_SELECT }),
  ]);

  const activity = activitySeries(runDays, activityDays);
  const rate = successRate(activity);
  const intervalOf = intervalCache(tz, now);
  const verification = verificationRows(jobs, { now, intervalOf, targetOf: (interval, job) => rpoTargetMs(interval, parseDrillSettings(job.drill).rpoTolerancePercent) });
  const breakdown = jobBreakdown(jobs);
  const storage = storageSeries(storageRows, storageDays, new Map(destinations.map((d) => [d.id, d.name])));
  const count = (key: JobStatusSlice["key"]) => breakdown.find((s) => s.key === key)?.count ?? 0;
  const overdue = verification.filter((v) => v.overdue).length;
  const enabledJobs = jobs.filter((j) => j.enabled).length;

  return {
    generatedAt: now.toISOString(),
    timezone: tz,
    verdict: verdictOf({ jobs: jobs.length, enabledJobs, failedJobs: count("failed"), partialJobs: count("partial"), overdue, neverRun: count("never") }),
    kpis: {
      jobs: jobs.length,
      enabledJobs,
      successRate: rate.rate,
      finishedRuns: rate.finished,
      storedBytes: storage.destinations.reduce((a, d) => a + d.bytes, 0),
      backupCount: storageRows.reduce((a, r) => a + r.count, 0),
      lastFailure: lastFailure
        ? {
            executionId: lastFailure.id,
            jobId: lastFailure.jobId,
            jobName: lastFailure.job?.name ?? null,
            type: lastFailure.type,
            at: (lastFailure.endedAt ?? lastFailure.createdAt).toISOString(),
            error: lastFailure.error ? lastFailure.error.slice(0, 200) : null,
          }
        : null,
    },
    activity,
    heatmap: heatmapSeries(runDays, heatDays),
    jobStatus: breakdown,
    storage,
    verification: {
      rows: verification.slice(0, VERIFICATION_ROWS),
      overdue,
      scheduled: verification.filter((v) => v.expectedIntervalMs !== null).length,
      total: verification.length,
    },
    latestRuns: latest.map(toExecutionListItem),
  };
};
