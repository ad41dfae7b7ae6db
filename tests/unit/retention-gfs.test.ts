import { describe, expect, it } from "vitest";
import { planRetention, type RetainableBackup, type RetentionDecision } from "@/lib/retention/plan-retention";

// Every expectation below is computed by hand from the calendar, not by the code under test.
const NOW = new Date("2027-02-01T12:00:00Z");
const backup = (id: string, iso: string, locked = false): RetainableBackup => ({ id, createdAt: new Date(iso), locked });
const gfs = (p: Partial<{ daily: number; weekly: number; monthly: number; yearly: number }>) => ({ mode: "gfs" as const, daily: 0, weekly: 0, monthly: 0, yearly: 0, ...p });
const plan = (bs: RetainableBackup[], policy: ReturnType<typeof gfs>, timeZone: string) => planRetention(bs, policy, { now: NOW, timeZone });
const summary = (ds: RetentionDecision[]) => Object.fromEntries(ds.map((d) => [d.id, d.keep ? d.reasons : "delete"]));
const kept = (ds: RetentionDecision[]) => ds.filter((d) => d.keep).map((d) => d.id);

describe("GFS retention (restic/Borg semantics: independent rules, union of what they keep)", () => {
  it("GFS weekly keeps the Sunday-night backup of each ISO week in Europe/Paris", () => {
    // Nightly at 23:30 Paris (22:30 UTC in November) from Monday 2 to Sunday 22 November 2026:
    // ISO weeks 2026-W45 (2–8), W46 (9–15), W47 (16–22).
    const bs = Array.from({ length: 21 }, (_, i) => {
      const day = 2 + i;
      return backup(`nov-${String(day).padStart(2, "0")}`, `2026-11-${String(day).padStart(2, "0")}T22:30:00Z`);
    });
    const ds = plan(bs, gfs({ weekly: 3 }), "Europe/Paris");
    expect(kept(ds)).toEqual(["nov-22", "nov-15", "nov-08"]);
    expect(summary(ds)).toMatchObject({ "nov-22": ["newest", "weekly 2026-W47"], "nov-15": ["weekly 2026-W46"], "nov-08": ["weekly 2026-W45"], "nov-21": "delete" });
  });

  it("a Monday 00:30 backup in Paris (Sunday 23:30 UTC) opens a new week in Paris but not in UTC", () => {
    const bs = [
      backup("mon-0030-paris", "2026-11-15T23:30:00Z"), // Monday 16th 00:30 in Paris, Sunday 15th in UTC
      backup("sun-2200-paris", "2026-11-15T21:00:00Z"), // Sunday 15th 22:00 in Paris
      backup("sat", "2026-11-14T21:00:00Z"),
    ];
    expect(kept(plan(bs, gfs({ weekly: 2 }), "Europe/Paris"))).toEqual(["mon-0030-paris", "sun-2200-paris"]);
    // In UTC all three are in 2026-W46 and nothing is in W45: only one is kept.
    expect(kept(plan(bs, gfs({ weekly: 2 }), "UTC"))).toEqual(["mon-0030-paris"]);
  });

  it("the daily rule uses the local date: 23:30 in New York is still that day although UTC has moved on", () => {
    const bs = [
      backup("b3", "2026-11-21T06:00:00Z"), // 2026-11-21 01:00 New York
      backup("b2", "2026-11-21T04:30:00Z"), // 2026-11-20 23:30 New York, 2026-11-21 in UTC
      backup("b1", "2026-11-20T12:00:00Z"), // 2026-11-20 07:00 New York
    ];
    expect(summary(plan(bs, gfs({ daily: 2 }), "America/New_York"))).toEqual({
      b3: ["newest", "daily 2026-11-21"],
      b2: ["daily 2026-11-20"],
      b1: "delete",
    });
    expect(summary(plan(bs, gfs({ daily: 2 }), "UTC"))).toEqual({
      b3: ["newest", "daily 2026-11-21"],
      b2: "delete",
      b1: ["daily 2026-11-20"],
    });
  });

  it("across the autumn DST change in Paris, the 25-hour Sunday is one daily period and a week ends on it", () => {
    // DST ends Sunday 2026-10-25 at 03:00 CEST → 02:00 CET. Sunday 25 is in 2026-W43, Monday 26 in W44.
    const bs = [
      backup("d1", "2026-10-23T22:30:00Z"), // Sat 24 00:30 CEST
      backup("d2", "2026-10-24T21:45:00Z"), // Sat 24 23:45 CEST
      backup("d3", "2026-10-24T22:15:00Z"), // Sun 25 00:15 CEST
      backup("d4", "2026-10-25T00:30:00Z"), // Sun 25 02:30 CEST (first pass)
      backup("d5", "2026-10-25T01:30:00Z"), // Sun 25 02:30 CET (second pass)
      backup("d6", "2026-10-25T22:30:00Z"), // Sun 25 23:30 CET (a fixed +2 h offset would say Monday)
      backup("d7", "2026-10-25T23:30:00Z"), // Mon 26 00:30 CET
    ];
    expect(summary(plan(bs, gfs({ daily: 3, weekly: 2 }), "Europe/Paris"))).toEqual({
      d7: ["newest", "daily 2026-10-26", "weekly 2026-W44"],
      d6: ["daily 2026-10-25", "weekly 2026-W43"],
      d5: "delete",
      d4: "delete",
      d3: "delete",
      d2: ["daily 2026-10-24"],
      d1: "delete",
    });
  });

  it("across the spring DST change in Paris, the 23-hour Sunday keeps its last backup", () => {
    // DST starts Sunday 2026-03-29: 02:00 CET → 03:00 CEST. 22:30 UTC that evening is already Monday 00:30.
    const bs = [
      backup("mon", "2026-03-29T22:30:00Z"), // Mon 30 00:30 CEST
      backup("sun-late", "2026-03-29T21:30:00Z"), // Sun 29 23:30 CEST
      backup("sun-early", "2026-03-28T23:30:00Z"), // Sun 29 00:30 CET
      backup("sat", "2026-03-28T22:30:00Z"), // Sat 28 23:30 CET
    ];
    expect(summary(plan(bs, gfs({ daily: 3 }), "Europe/Paris"))).toEqual({
      mon: ["newest", "daily 2026-03-30"],
      "sun-late": ["daily 2026-03-29"],
      "sun-early": "delete",
      sat: ["daily 2026-03-28"],
    });
  });

  it("at a year boundary, monthly and yearly follow New Year in Paris, an hour before UTC", () => {
    const bs = [
      backup("y2", "2025-12-31T23:30:00Z"), // 2026-01-01 00:30 Paris
      backup("y1", "2025-12-31T22:30:00Z"), // 2025-12-31 23:30 Paris
      backup("y3", "2025-06-15T10:00:00Z"),
      backup("y4", "2024-12-31T23:30:00Z"), // 2025-01-01 00:30 Paris, still 2024 in UTC
      backup("y5", "2024-12-31T22:30:00Z"), // 2024-12-31 23:30 Paris
    ];
    const policy = gfs({ monthly: 2, yearly: 3 });
    expect(summary(plan(bs, policy, "Europe/Paris"))).toEqual({
      y2: ["newest", "monthly 2026-01", "yearly 2026"],
      y1: ["monthly 2025-12", "yearly 2025"],
      y3: "delete",
      y4: "delete",
      y5: ["yearly 2024"],
    });
    expect(summary(plan(bs, policy, "UTC"))).toEqual({
      y2: ["newest", "monthly 2025-12", "yearly 2025"],
      y1: "delete",
      y3: ["monthly 2025-06"],
      y4: ["yearly 2024"],
      y5: "delete",
    });
  });

  it("ISO week 53 of 2026 runs from Monday 28 December to Sunday 3 January and is one weekly period", () => {
    const bs = [
      backup("w1", "2027-01-04T01:00:00Z"), // Monday: 2027-W01
      backup("w2", "2027-01-03T20:00:00Z"), // Sunday: 2026-W53, year 2027
      backup("w3", "2027-01-01T12:00:00Z"), // Friday: 2026-W53
      backup("w4", "2026-12-28T01:00:00Z"), // Monday: 2026-W53, year 2026
      backup("w5", "2026-12-27T20:00:00Z"), // Sunday: 2026-W52
    ];
    expect(summary(plan(bs, gfs({ weekly: 3, yearly: 2 }), "UTC"))).toEqual({
      w1: ["newest", "weekly 2027-W01", "yearly 2027"],
      w2: ["weekly 2026-W53"],
      w3: "delete",
      w4: ["yearly 2026"],
      w5: ["weekly 2026-W52"],
    });
  });

  it("counts the N most recent periods that HAVE a backup: a gap of empty days does not use up the quota", () => {
    const bs = [backup("nov-20", "2026-11-20T02:00:00Z"), backup("nov-10", "2026-11-10T02:00:00Z"), backup("nov-01", "2026-11-01T02:00:00Z"), backup("oct-01", "2026-10-01T02:00:00Z")];
    expect(kept(plan(bs, gfs({ daily: 3 }), "UTC"))).toEqual(["nov-20", "nov-10", "nov-01"]);
  });

  it("lists every rule that keeps a backup: the newest is the newest of its day, week, month and year", () => {
    const bs = [backup("last", "2026-11-22T02:00:00Z"), backup("prev", "2026-11-21T02:00:00Z")];
    expect(plan(bs, gfs({ daily: 7, weekly: 4, monthly: 12, yearly: 2 }), "UTC")[0]).toEqual({
      id: "last",
      keep: true,
      reasons: ["newest", "daily 2026-11-22", "weekly 2026-W47", "monthly 2026-11", "yearly 2026"],
    });
  });

  it("a 12-week nightly history with daily 7, weekly 4, monthly 3 keeps 7 + 3 + 2 backups", () => {
    // Nightly at 02:00 UTC from Mon 2026-09-07 to Sun 2026-11-29 (84 days, ISO weeks 37–48).
    const bs = Array.from({ length: 84 }, (_, i) => {
      const d = new Date(Date.UTC(2026, 8, 7 + i, 2));
      return { id: d.toISOString().slice(0, 10), createdAt: d, locked: false };
    });
    const ds = plan(bs, gfs({ daily: 7, weekly: 4, monthly: 3 }), "UTC");
    // daily: 23–29 Nov; weekly: the Sundays 29 (also daily), 22, 15 and 8 Nov; monthly: the last
    // backup of November (the 29th, also daily), of October (31st) and of September (30th).
    expect(kept(ds)).toEqual([
      "2026-11-29", "2026-11-28", "2026-11-27", "2026-11-26", "2026-11-25", "2026-11-24", "2026-11-23",
      "2026-11-22", "2026-11-15", "2026-11-08", "2026-10-31", "2026-09-30",
    ]);
    expect(summary(ds)["2026-11-29"]).toEqual(["newest", "daily 2026-11-29", "weekly 2026-W48", "monthly 2026-11"]);
  });

  it("a locked backup is outside GFS: it does not fill its day, and the newest unlocked backup of that day is kept", () => {
    const bs = [
      backup("nov-21", "2026-11-21T02:00:00Z"),
      backup("nov-20-locked", "2026-11-20T22:00:00Z", true),
      backup("nov-20-morning", "2026-11-20T10:00:00Z"),
      backup("nov-19", "2026-11-19T02:00:00Z"),
    ];
    expect(summary(plan(bs, gfs({ daily: 2 }), "UTC"))).toEqual({
      "nov-21": ["newest", "daily 2026-11-21"],
      "nov-20-locked": ["locked"],
      "nov-20-morning": ["daily 2026-11-20"],
      "nov-19": "delete",
    });
  });

  it("with every rule at 0 only the newest backup survives", () => {
    const bs = [backup("a", "2026-11-22T02:00:00Z"), backup("b", "2026-11-21T02:00:00Z")];
    expect(plan(bs, gfs({}), "UTC")).toEqual([
      { id: "a", keep: true, reasons: ["newest"] },
      { id: "b", keep: false, reasons: ["not kept by daily 0, weekly 0, monthly 0, yearly 0"] },
    ]);
  });

  it("refuses an unknown time zone rather than guess the periods", () => {
    expect(() => plan([backup("a", "2026-11-22T02:00:00Z")], gfs({ daily: 1 }), "Europe/Atlantis")).toThrow('unknown time zone "Europe/Atlantis"');
  });
});
