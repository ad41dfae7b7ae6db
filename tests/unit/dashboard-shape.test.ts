import { describe, expect, it } from "vitest";
import { activitySeries, heatmapSeries, jobBreakdown, storageSeries, successRate, verdictOf, verificationRows } from "@/server/services/dashboard/dashboard-shape";
import { rpoTargetMs } from "@/lib/drills/objectives";
import { parseDrillSettings } from "@/lib/drills/settings";
import { expectedIntervalMs } from "@/server/services/dashboard/expected-interval";
import type { JobHealthRow } from "@/server/services/dashboard/job-health";
import { dayKey, lastDays, offsetMinutes, offsetSegments, startOfDay } from "@/server/services/dashboard/tz-days";

const H = 3_600_000;
const job = (over: Partial<JobHealthRow>): JobHealthRow => ({
  id: "j",
  name: "Job",
  schedule: "0 2 * * *",
  enabled: true,
  createdAt: new Date("2025-01-01T00:00:00Z"),
  lastStatus: "Success",
  lastRunAt: null,
  lastSuccessAt: null,
  lastVerifiedBackupAt: null,
  lastVerifiedAt: null,
  drill: null,
  lastDrill: null,
  ...over,
});

describe("calendar days in the system time zone", () => {
  it("names the local day and the offset across DST", () => {
    expect(dayKey(new Date("2025-03-29T23:30:00Z"), "Europe/Paris")).toBe("2025-03-30");
    expect(dayKey(new Date("2025-03-29T23:30:00Z"), "UTC")).toBe("2025-03-29");
    expect(offsetMinutes(new Date("2025-01-15T12:00:00Z"), "Europe/Paris")).toBe(60);
    expect(offsetMinutes(new Date("2025-07-15T12:00:00Z"), "Europe/Paris")).toBe(120);
    expect(offsetMinutes(new Date("2025-07-15T12:00:00Z"), "Asia/Kathmandu")).toBe(345);
  });

  it("finds the DST changes in a range to the minute", () => {
    const segs = offsetSegments("Europe/Paris", new Date("2025-01-01T00:00:00Z"), new Date("2025-12-31T00:00:00Z"));
    expect(segs.map((s) => [s.from.toISOString(), s.offset])).toEqual([
      ["2025-01-01T00:00:00.000Z", 60],
      ["2025-03-30T01:00:00.000Z", 120],
      ["2025-10-26T01:00:00.000Z", 60],
    ]);
    expect(offsetSegments("UTC", new Date("2025-01-01T00:00:00Z"), new Date("2025-12-31T00:00:00Z"))).toHaveLength(1);
  });

  it("lists the last n days ending today and the instant a day starts", () => {
    expect(lastDays(3, "Europe/Paris", new Date("2025-03-01T23:30:00Z"))).toEqual(["2025-02-28", "2025-03-01", "2025-03-02"]);
    expect(startOfDay("2025-07-15", "Europe/Paris").toISOString()).toBe("2025-07-14T22:00:00.000Z");
    expect(startOfDay("2025-03-30", "Europe/Paris").toISOString()).toBe("2025-03-29T23:00:00.000Z");
    expect(startOfDay("2025-03-31", "Europe/Paris").toISOString()).toBe("2025-03-30T22:00:00.000Z");
  });
});

describe("dashboard numbers", () => {
  const byDay = new Map<string, Record<string, number>>([
    ["2025-03-01", { Success: 8, Failed: 1, Partial: 1, Cancelled: 2 }],
    ["2025-03-02", { Success: 10 }],
  ]);

  it("fills every day of the activity chart and folds cancelled/skipped into Other", () => {
    expect(activitySeries(byDay, ["2025-02-28", "2025-03-01", "2025-03-02"])).toEqual([
      { day: "2025-02-28", Success: 0, Partial: 0, Failed: 0, Other: 0 },
      { day: "2025-03-01", Success: 8, Partial: 1, Failed: 1, Other: 2 },
      { day: "2025-03-02", Success: 10, Partial: 0, Failed: 0, Other: 0 },
    ]);
    expect(heatmapSeries(byDay, ["2025-03-01"])).toEqual([{ day: "2025-03-01", total: 12, failed: 1 }]);
  });

  it("success rate = successes over finished runs, ignoring cancelled ones; null without runs", () => {
    expect(successRate(activitySeries(byDay, ["2025-03-01", "2025-03-02"]))).toEqual({ rate: 18 / 20, finished: 20, succeeded: 18 });
    expect(successRate(activitySeries(new Map(), ["2025-03-01"])).rate).toBeNull();
  });

  it("breaks jobs down by their latest run, disabled apart", () => {
    const slices = jobBreakdown([
      { enabled: true, lastStatus: "Success" },
      { enabled: true, lastStatus: "Failed" },
      { enabled: true, lastStatus: null },
      { enabled: true, lastStatus: "Running" },
      { enabled: false, lastStatus: "Failed" },
    ]);
    expect(Object.fromEntries(slices.map((s) => [s.key, s.count]))).toEqual({ ok: 1, partial: 0, failed: 1, running: 1, never: 1, disabled: 1 });
  });

  it("flags a job overdue once its newest verified backup is older than its RPO (interval + tolerance), worst first", () => {
    const now = new Date("2025-03-10T12:00:00Z");
    const rows = verificationRows(
      [
        job({ id: "fresh", name: "Fresh", lastVerifiedBackupAt: new Date(now.getTime() - 20 * H) }),
        job({ id: "late", name: "Late", lastVerifiedBackupAt: new Date(now.getTime() - 31 * H) }),
        job({ id: "never", name: "Never", lastVerifiedBackupAt: null }),
        job({ id: "new", name: "New", lastVerifiedBackupAt: null, createdAt: new Date(now.getTime() - H) }),
        job({ id: "manual", name: "Manual", schedule: null, lastVerifiedBackupAt: new Date(now.getTime() - 900 * H) }),
        job({ id: "off", name: "Off", enabled: false }),
        // 31 h old too, but its RPO tolerance is 50%: 36 h
        job({ id: "lenient", name: "Lenient", lastVerifiedBackupAt: new Date(now.getTime() - 31 * H), drill: JSON.stringify({ rpoTolerancePercent: 50 }) }),
      ],
      { now, intervalOf: (s) => (s ? 24 * H : null), targetOf: (i, j) => rpoTargetMs(i, parseDrillSettings(j.drill).rpoTolerancePercent) },
    );
    expect(rows.map((r) => [r.jobId, r.overdue])).toEqual([
      ["never", true],
      ["late", true],
      ["new", false],
      ["manual", false],
      ["lenient", false],
      ["fresh", false],
    ]);
    expect(rows.find((r) => r.jobId === "late")).toMatchObject({ ageMs: 31 * H, expectedIntervalMs: 24 * H, limitMs: 30 * H });
  });

  it("carries the last drill's RTO when it passed", () => {
    const now = new Date("2025-03-10T12:00:00Z");
    const at = new Date(now.getTime() - 2 * H);
    const [passed] = verificationRows([job({ lastDrill: { status: "passed", rtoMs: 41_000, at } })], { now, intervalOf: () => 24 * H, targetOf: (i) => i });
    expect(passed).toMatchObject({ rtoMs: 41_000, lastDrillStatus: "passed", lastDrillAt: at.toISOString() });
    const [failed] = verificationRows([job({ lastDrill: { status: "failed", rtoMs: null, at } })], { now, intervalOf: () => 24 * H, targetOf: (i) => i });
    expect(failed).toMatchObject({ rtoMs: null, lastDrillStatus: "failed" });
  });

  it("reads the expected interval from the cron schedule", () => {
    const now = new Date("2025-03-10T12:00:00Z");
    expect(expectedIntervalMs("0 2 * * *", "UTC", now)).toBe(24 * H);
    expect(expectedIntervalMs("*/30 * * * *", "UTC", now)).toBe(H / 2);
    expect(expectedIntervalMs("0 3 * * 0", "UTC", now)).toBe(7 * 24 * H);
    expect(expectedIntervalMs(null, "UTC", now)).toBeNull();
    expect(expectedIntervalMs("not a cron", "UTC", now)).toBeNull();
  });

  it("accumulates storage per destination from the total before the window, top destinations first", () => {
    const s = storageSeries(
      [
        { destinationId: "a", day: null, bytes: 100, count: 1 },
        { destinationId: "a", day: "2025-03-02", bytes: 50, count: 1 },
        { destinationId: "b", day: "2025-03-01", bytes: 500, count: 1 },
        { destinationId: "c", day: "2025-03-01", bytes: 7, count: 1 },
      ],
      ["2025-03-01", "2025-03-02"],
      new Map([
        ["a", "NAS"],
        ["b", "S3"],
      ]),
      2,
    );
    expect(s.destinations).toEqual([
      { key: "d0", id: "b", name: "S3", bytes: 500 },
      { key: "d1", id: "a", name: "NAS", bytes: 150 },
      { key: "other", id: "", name: "1 more", bytes: 7 },
    ]);
    expect(s.points).toEqual([
      { day: "2025-03-01", d0: 500, d1: 100, other: 7 },
      { day: "2025-03-02", d0: 500, d1: 150, other: 7 },
    ]);
  });

  it("says in one line whether everything is backed up and verified", () => {
    expect(verdictOf({ jobs: 0, enabledJobs: 0, failedJobs: 0, partialJobs: 0, overdue: 0, neverRun: 0 }).level).toBe("empty");
    expect(verdictOf({ jobs: 3, enabledJobs: 3, failedJobs: 0, partialJobs: 0, overdue: 0, neverRun: 0 })).toMatchObject({ level: "ok", headline: "Everything is backed up and verified" });
    expect(verdictOf({ jobs: 3, enabledJobs: 3, failedJobs: 1, partialJobs: 0, overdue: 2, neverRun: 0 })).toMatchObject({
      level: "bad",
      detail: "1 job failed on the last run, 2 jobs without a recent verified backup.",
    });
    expect(verdictOf({ jobs: 3, enabledJobs: 3, failedJobs: 0, partialJobs: 1, overdue: 0, neverRun: 0 }).level).toBe("warn");
  });
});
