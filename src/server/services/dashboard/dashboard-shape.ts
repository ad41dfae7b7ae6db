/**
 * The dashboard's numbers from the raw aggregates: pure functions (no database, no clock), so the
 * rules (what counts as a success, when a job is overdue, what the headline says) are unit-tested.
 */
import type { DayCounts } from "./run-days";
import type { JobHealthRow } from "./job-health";
import type { StorageRows } from "./storage-trend";

export type ActivityPoint = { day: string; Success: number; Partial: number; Failed: number; Other: number };
export type HeatDay = { day: string; total: number; failed: number };
export type JobStatusSlice = { key: JobStatusKey; label: string; count: number };
export type JobStatusKey = "ok" | "partial" | "failed" | "running" | "never" | "disabled";
export type VerificationRow = {
  jobId: string;
  jobName: string;
  schedule: string | null;
  lastStatus: string | null;
  lastVerifiedBackupAt: string | null;
  lastVerifiedAt: string | null;
  /** now − newest verified backup; null when never verified */
  ageMs: number | null;
  expectedIntervalMs: number | null;
  /** The job's RPO: the age past which it counts as overdue (interval + its tolerance); null for manual jobs */
  limitMs: number | null;
  overdue: boolean;
  /** The RTO measured by the last passed restore drill */
  rtoMs: number | null;
  lastDrillStatus: "passed" | "failed" | null;
  lastDrillAt: string | null;
};
export type StorageSeries = { destinations: Array<{ key: string; id: string; name: string; bytes: number }>; points: Array<Record<string, number | string>> };
export type Verdict = { level: "ok" | "warn" | "bad" | "empty"; headline: string; detail: string };

const OTHER_STATUSES = ["Cancelled", "Skipped", "Pending", "Running"];

export const activitySeries = (byDay: Map<string, DayCounts>, days: readonly string[]): ActivityPoint[] =>
  days.map((day) => {
    const c = byDay.get(day) ?? {};
    return { day, Success: c.Success ?? 0, Partial: c.Partial ?? 0, Failed: c.Failed ?? 0, Other: OTHER_STATUSES.reduce((n, s) => n + (c[s] ?? 0), 0) };
  });

export const heatmapSeries = (byDay: Map<string, DayCounts>, days: readonly string[]): HeatDay[] =>
  days.map((day) => {
    const c = byDay.get(day) ?? {};
    return { day, total: Object.values(c).reduce((a, b) => a + b, 0), failed: c.Failed ?? 0 };
  });

/** Successes over finished runs that had a chance to succeed (cancelled and skipped runs do not count); null with none. */
export const successRate = (points: readonly ActivityPoint[]): { rate: number | null; finished: number; succeeded: number } => {
  let succeeded = 0;
  let finished = 0;
  for (const p of points) {
    succeeded += p.Success;
    finished += p.Success + p.Partial + p.Failed;
  }
  return { rate: finished ? succeeded / finished : null, finished, succeeded };
};

const STATUS_LABELS: Record<JobStatusKey, string> = {
  ok: "Succeeded",
  partial: "Partial",
  failed: "Failed",
  running: "Running",
  never: "Never run",
  disabled: "Disabled",
};

export const jobStatusKey = (j: Pick<JobHealthRow, "enabled" | "lastStatus">): JobStatusKey => {
  if (!j.enabled) return "disabled";
  switch (j.lastStatus) {
    case null:
      return "never";
    case "Success":
      return "ok";
    case "Partial":
      return "partial";
    case "Failed":
      return "failed";
    case "Pending":
    case "Running":
      return "running";
    default:
      // Cancelled or Skipped says nothing about the data: show it with the never-run jobs would hide it, so as partial.
      return "partial";
  }
};

export const jobBreakdown = (jobs: readonly Pick<JobHealthRow, "enabled" | "lastStatus">[]): JobStatusSlice[] => {
  const counts = new Map<JobStatusKey, number>();
  for (const j of jobs) counts.set(jobStatusKey(j), (counts.get(jobStatusKey(j)) ?? 0) + 1);
  return (Object.keys(STATUS_LABELS) as JobStatusKey[]).map((key) => ({ key, label: STATUS_LABELS[key], count: counts.get(key) ?? 0 }));
};

/**
 * Time since each enabled job's newest verified backup, worst first. A scheduled job is overdue when
 * that age passes its RPO (docs/drills.md: interval plus tolerance, the same rule as the rpo.breached
 * alert and /metrics); never verified counts from the job's creation, so a job
 * created a minute ago is not red yet. Manual jobs are listed but never overdue.
 */
export const verificationRows = (
  jobs: readonly JobHealthRow[],
  opts: { now: Date; intervalOf: (schedule: string | null) => number | null; targetOf: (intervalMs: number, job: JobHealthRow) => number },
): VerificationRow[] => {
  const now = opts.now.getTime();
  const rows = jobs
    .filter((j) => j.enabled)
    .map((j): VerificationRow => {
      const interval = opts.intervalOf(j.schedule);
      const limit = interval === null ? null : opts.targetOf(interval, j);
      const since = j.lastVerifiedBackupAt ?? j.createdAt;
      const ageMs = j.lastVerifiedBackupAt ? Math.max(0, now - j.lastVerifiedBackupAt.getTime()) : null;
      return {
        jobId: j.id,
        jobName: j.name,
        schedule: j.schedule,
        lastStatus: j.lastStatus,
        lastVerifiedBackupAt: j.lastVerifiedBackupAt?.toISOString() ?? null,
        lastVerifiedAt: j.lastVerifiedAt?.toISOString() ?? null,
        ageMs,
        expectedIntervalMs: interval,
        limitMs: limit,
        overdue: limit !== null && now - since.getTime() > limit,
        rtoMs: j.lastDrill?.status === "passed" ? j.lastDrill.rtoMs : null,
        lastDrillStatus: j.lastDrill ? (j.lastDrill.status === "passed" ? "passed" : "failed") : null,
        lastDrillAt: j.lastDrill?.at.toISOString() ?? null,
      };
    });
  // Overdue first, then the oldest (never verified before any age), then by name.
  return rows.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (b.ageMs ?? Number.POSITIVE_INFINITY) - (a.ageMs ?? Number.POSITIVE_INFINITY) ||
      a.jobName.localeCompare(b.jobName),
  );
};

/** At most `top` destinations by bytes (the rest summed as "Other"), cumulative per day. */
export const storageSeries = (rows: StorageRows, days: readonly string[], names: ReadonlyMap<string, string>, top = 5): StorageSeries => {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.destinationId, (totals.get(r.destinationId) ?? 0) + r.bytes);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  const shown = ranked.slice(0, top);
  const rest = ranked.slice(top);
  const keyOf = new Map<string, string>(shown.map(([id], i) => [id, `d${i}`]));
  const destinations = shown.map(([id, bytes], i) => ({ key: `d${i}`, id, name: names.get(id) ?? "Deleted destination", bytes }));
  if (rest.length) destinations.push({ key: "other", id: "", name: `${rest.length} more`, bytes: rest.reduce((a, [, b]) => a + b, 0) });

  const base: Record<string, number> = {};
  const perDay = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const key = keyOf.get(r.destinationId) ?? "other";
    if (r.day === null) base[key] = (base[key] ?? 0) + r.bytes;
    else {
      const d = perDay.get(r.day) ?? {};
      d[key] = (d[key] ?? 0) + r.bytes;
      perDay.set(r.day, d);
    }
  }
  const running: Record<string, number> = { ...base };
  const points = days.map((day) => {
    for (const [k, v] of Object.entries(perDay.get(day) ?? {})) running[k] = (running[k] ?? 0) + v;
    return { day, ...Object.fromEntries(destinations.map((d) => [d.key, running[d.key] ?? 0])) };
  });
  return { destinations, points };
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The one line that answers "is everything backed up and verified?". */
export const verdictOf = (input: { jobs: number; enabledJobs: number; failedJobs: number; partialJobs: number; overdue: number; neverRun: number }): Verdict => {
  if (input.jobs === 0) return { level: "empty", headline: "No backup jobs yet", detail: "Nothing is being backed up. Follow the checklist below to set up the first job." };
  const problems: string[] = [];
  if (input.failedJobs) problems.push(`${plural(input.failedJobs, "job")} failed on the last run`);
  if (input.overdue) problems.push(`${plural(input.overdue, "job")} without a recent verified backup`);
  if (problems.length) return { level: "bad", headline: "Attention needed", detail: `${problems.join(", ")}.` };
  const notes: string[] = [];
  if (input.partialJobs) notes.push(`${plural(input.partialJobs, "job")} ended partially on the last run`);
  if (input.neverRun) notes.push(`${plural(input.neverRun, "job")} never ran`);
  if (notes.length) return { level: "warn", headline: "Mostly backed up", detail: `${notes.join(", ")}.` };
  return {
    level: "ok",
    headline: "Everything is backed up and verified",
    detail: `All ${plural(input.enabledJobs, "enabled job")} have a verified backup within their schedule.`,
  };
};
