import { describe, expect, it } from "vitest";
import { compareCounts, describeCountFailures, withinTolerance } from "@/lib/drills/compare-counts";
import { describeDrift, detectDrift } from "@/lib/drills/drift";
import { describeExpectation, expectationError, meetsExpectation, parseExpectation } from "@/lib/drills/expectation";
import { longestGapMs, rpoState, rpoTargetMs } from "@/lib/drills/objectives";
import { DEFAULT_DRILL_SETTINGS, drillsActive, parseDrillSettings } from "@/lib/drills/settings";

describe("drill expectations", () => {
  it.each([
    ["> 0", "1", true],
    ["> 0", "0", false],
    [">= 10", "10", true],
    ["< 5", "4.5", true],
    ["<= -1", "-1", true],
    ["= 5", "5", true],
    ["== 5", "5.0", true],
    ["!= 0", "0", false],
    ["<> 0", "3", true],
    ["between 1 and 10", "10", true],
    ["BETWEEN 1 AND 10", "11", false],
    ["= 'ok'", "ok", true],
    ["!= 'ok'", "ok", false],
    ["= 'it''s'", "it's", true],
    ["is null", null, true],
    ["is not null", "", true],
    ["> 0", null, false],
    ["> 0", "abc", false],
    ["> 0", "", false],
  ])("%s against %s → %s", (exp, actual, ok) => {
    expect(meetsExpectation(parseExpectation(exp), actual)).toBe(ok);
  });

  it("refuses what it cannot read, with the forms it accepts", () => {
    expect(expectationError("more than 3")).toMatch(/not an expectation: write > 0/);
    expect(expectationError("between 5 and 1")).toMatch(/lower bound is above/);
    expect(expectationError(">0")).toBeNull();
    expect(describeExpectation(parseExpectation("between 1 and 10"))).toBe("between 1 and 10");
    expect(describeExpectation(parseExpectation("<> 2"))).toBe("!= 2");
  });
});

describe("count comparison", () => {
  it("a missing table fails, a count outside the tolerance fails, extra restored tables pass", () => {
    const rows = compareCounts(
      [
        { name: "a", rows: 100 },
        { name: "b", rows: 1000 },
        { name: "gone", rows: 5 },
      ],
      [
        { name: "a", rows: 100 },
        { name: "b", rows: 989 },
        { name: "new", rows: 1 },
      ],
      1,
    );
    expect(rows).toEqual([
      { table: "a", expected: 100, restored: 100, ok: true },
      { table: "b", expected: 1000, restored: 989, ok: false },
      { table: "gone", expected: 5, restored: null, ok: false },
      { table: "new", expected: null, restored: 1, ok: true },
    ]);
    expect(describeCountFailures(rows)).toBe("b: expected 1,000, restored 989; gone: missing after the restore");
  });

  it("tolerance is a share of the expected count, rounded down; 0 is exact", () => {
    expect(withinTolerance(1000, 990, 1)).toBe(true);
    expect(withinTolerance(1000, 1010, 1)).toBe(true);
    expect(withinTolerance(99, 98, 1)).toBe(false);
    expect(withinTolerance(0, 0, 0)).toBe(true);
  });
});

describe("drift", () => {
  const t = { sizeDropPercent: 30, rowDropPercent: 50 };
  it("warns on a size drop at the threshold and on a table losing more than half its rows or vanishing", () => {
    const f = detectDrift(
      { sizeBytes: 1000, tables: [{ name: "a", rows: 100 }, { name: "b", rows: 100 }, { name: "c", rows: 10 }, { name: "empty", rows: 0 }] },
      { sizeBytes: 700, tables: [{ name: "a", rows: 50 }, { name: "b", rows: 49 }] },
      t,
    );
    expect(f.map((x) => describeDrift(x))).toEqual([
      "30% smaller than the previous backup (1,000 B → 700 B)",
      "table b lost 51% of its rows (100 → 49)",
      "table c (10 rows) is gone",
    ]);
  });

  it("no counts on either side: size only; thresholds at 0 are off", () => {
    expect(detectDrift({ sizeBytes: 1000, tables: null }, { sizeBytes: 100, tables: [] }, t)).toHaveLength(1);
    expect(detectDrift({ sizeBytes: 1000, tables: [{ name: "a", rows: 9 }] }, { sizeBytes: 1, tables: [] }, { sizeDropPercent: 0, rowDropPercent: 0 })).toEqual([]);
    expect(detectDrift({ sizeBytes: 1000, tables: null }, { sizeBytes: 2000, tables: null }, t)).toEqual([]);
  });
});

describe("recovery objectives", () => {
  const h = 3_600_000;
  it("the longest gap of the slots plus the tolerance", () => {
    const slots = [0, 24, 48, 120].map((x) => new Date(x * h));
    expect(longestGapMs(slots)).toBe(72 * h);
    expect(longestGapMs([new Date(0)])).toBeNull();
    expect(rpoTargetMs(24 * h, 25)).toBe(30 * h);
  });

  it("breached when the newest verified backup is older than the target; never verified counts from the job's creation", () => {
    const now = new Date(100 * h);
    expect(rpoState(30 * h, new Date(80 * h), new Date(0), now)).toEqual({ targetMs: 30 * h, ageMs: 20 * h, breached: false });
    expect(rpoState(30 * h, new Date(60 * h), new Date(0), now).breached).toBe(true);
    expect(rpoState(30 * h, null, new Date(90 * h), now)).toEqual({ targetMs: 30 * h, ageMs: null, breached: false });
    expect(rpoState(30 * h, null, new Date(0), now).breached).toBe(true);
    expect(rpoState(null, null, new Date(0), now).breached).toBe(false);
  });
});

describe("drill settings", () => {
  it("null or unreadable JSON is the defaults with drills off", () => {
    expect(parseDrillSettings(null)).toEqual(DEFAULT_DRILL_SETTINGS);
    expect(parseDrillSettings("{oops")).toEqual(DEFAULT_DRILL_SETTINGS);
    expect(DEFAULT_DRILL_SETTINGS).toMatchObject({ enabled: false, schedule: { mode: "after-backup" }, drift: { sizeDropPercent: 30, rowDropPercent: 50 }, rpoTolerancePercent: 25 });
    expect(drillsActive(DEFAULT_DRILL_SETTINGS)).toBe(false);
    expect(drillsActive(parseDrillSettings(JSON.stringify({ enabled: true, targetSourceId: "s1" })))).toBe(true);
  });
});

describe("last drill summary", () => {
  it("reads like the issue asks", async () => {
    const { drillSummary, compactCount, formatRto } = await import("@/lib/drills/summary");
    const now = Date.parse("2026-01-01T12:00:00Z");
    expect(drillSummary({ status: "passed", at: "2026-01-01T10:00:00Z", rows: 1_234_567, rtoMs: 41_200, checksPassed: 3, checksTotal: 3, error: null }, now)).toBe(
      "passed 2 hours ago, restored 1.2 M rows in 41 s, 3/3 checks passed",
    );
    expect(drillSummary({ status: "failed", at: "2026-01-01T11:59:30Z", rows: 0, rtoMs: null, checksPassed: 0, checksTotal: 0, error: "x" }, now)).toBe("failed 30 seconds ago");
    expect(compactCount(999)).toBe("999");
    expect(compactCount(12_345)).toBe("12.3 k");
    expect(formatRto(4_250)).toBe("4.3 s");
    expect(formatRto(3_723_000)).toBe("62 min 3 s");
  });
});
