import { describe, expect, it } from "vitest";
import { planRetention, type RetainableBackup, type Retention, type RetentionDecision } from "@/lib/retention/plan-retention";

const NOW = new Date("2026-11-23T12:00:00Z");
const opts = { now: NOW, timeZone: "UTC" };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const backup = (id: string, iso: string, locked = false): RetainableBackup => ({ id, createdAt: new Date(iso), locked });
/** One backup a day at 02:00 UTC, newest on 2026-11-23, ids "d23", "d22"… */
const nightly = (days: number, lockedIds: string[] = []): RetainableBackup[] =>
  Array.from({ length: days }, (_, i) => {
    const d = new Date(Date.UTC(2026, 10, 23 - i, 2));
    const id = `d${String(d.getUTCDate()).padStart(2, "0")}`;
    return { id, createdAt: d, locked: lockedIds.includes(id) };
  });

const kept = (ds: RetentionDecision[]) => ds.filter((d) => d.keep).map((d) => d.id);
const deleted = (ds: RetentionDecision[]) => ds.filter((d) => !d.keep).map((d) => d.id);
const byId = (ds: RetentionDecision[]) => Object.fromEntries(ds.map((d) => [d.id, d]));

describe("retention: keep the last N backups (count)", () => {
  it("keeps the newest N backups and deletes the older ones", () => {
    const ds = planRetention(nightly(5), { mode: "count", keep: 3 }, opts);
    expect(kept(ds)).toEqual(["d23", "d22", "d21"]);
    expect(deleted(ds)).toEqual(["d20", "d19"]);
    expect(byId(ds)).toMatchObject({
      d23: { keep: true, reasons: ["newest", "keep-last 3"] },
      d21: { keep: true, reasons: ["keep-last 3"] },
      d20: { keep: false, reasons: ["beyond keep-last 3"] },
    });
  });

  it("keeps everything when there are fewer backups than the quota", () => {
    expect(deleted(planRetention(nightly(2), { mode: "count", keep: 7 }, opts))).toEqual([]);
  });

  it("a locked backup survives and does not use up a keep-last slot", () => {
    const ds = planRetention(nightly(5, ["d22"]), { mode: "count", keep: 2 }, opts);
    expect(kept(ds)).toEqual(["d23", "d22", "d21"]);
    expect(deleted(ds)).toEqual(["d20", "d19"]);
    expect(byId(ds).d22).toEqual({ id: "d22", keep: true, reasons: ["locked"] });
    expect(byId(ds).d21?.reasons).toEqual(["keep-last 2"]);
  });

  it("an old locked backup far beyond the quota is never deleted", () => {
    const ds = planRetention(nightly(10, ["d14"]), { mode: "count", keep: 1 }, opts);
    expect(kept(ds)).toEqual(["d23", "d14"]);
  });

  it("when the newest backup is locked it is kept as newest and locked, and the quota goes to the unlocked ones", () => {
    const ds = planRetention(nightly(4, ["d23"]), { mode: "count", keep: 1 }, opts);
    expect(byId(ds).d23?.reasons).toEqual(["newest", "locked"]);
    expect(kept(ds)).toEqual(["d23", "d22"]);
    expect(deleted(ds)).toEqual(["d21", "d20"]);
  });

  it("keeps every backup when they are all locked", () => {
    const all = nightly(4).map((b) => ({ ...b, locked: true }));
    expect(deleted(planRetention(all, { mode: "count", keep: 1 }, opts))).toEqual([]);
  });
});

describe("retention: keep backups younger than N days (days)", () => {
  it("keeps backups younger than N × 24 h before now and deletes the older ones", () => {
    // now is 2026-11-23 12:00; 3 days back is 2026-11-20 12:00, so the 2026-11-20 02:00 backup is expired.
    const ds = planRetention(nightly(6), { mode: "days", days: 3 }, opts);
    expect(kept(ds)).toEqual(["d23", "d22", "d21"]);
    expect(deleted(ds)).toEqual(["d20", "d19", "d18"]);
    expect(byId(ds).d22?.reasons).toEqual(["within 3 days"]);
    expect(byId(ds).d20?.reasons).toEqual(["older than 3 days"]);
  });

  it("a backup exactly N × 24 h old is expired; one a millisecond younger is kept", () => {
    const edge = [
      { id: "newest", createdAt: new Date(NOW.getTime() - HOUR), locked: false },
      { id: "just-inside", createdAt: new Date(NOW.getTime() - 2 * DAY + 1), locked: false },
      { id: "exactly", createdAt: new Date(NOW.getTime() - 2 * DAY), locked: false },
    ];
    const ds = planRetention(edge, { mode: "days", days: 2 }, opts);
    expect(kept(ds)).toEqual(["newest", "just-inside"]);
    expect(deleted(ds)).toEqual(["exactly"]);
  });

  it("keeps the newest backup even when every backup is older than the keep-days window", () => {
    const old = [backup("a", "2026-01-03T02:00:00Z"), backup("b", "2026-01-02T02:00:00Z"), backup("c", "2026-01-01T02:00:00Z")];
    const ds = planRetention(old, { mode: "days", days: 30 }, opts);
    expect(ds).toEqual([
      { id: "a", keep: true, reasons: ["newest"] },
      { id: "b", keep: false, reasons: ["older than 30 days"] },
      { id: "c", keep: false, reasons: ["older than 30 days"] },
    ]);
  });

  it("a locked backup older than the window survives", () => {
    const ds = planRetention(nightly(10, ["d15"]), { mode: "days", days: 2 }, opts);
    expect(kept(ds)).toEqual(["d23", "d22", "d15"]);
    expect(byId(ds).d15?.reasons).toEqual(["locked"]);
  });

  it("counts the window in hours, not calendar days: a DST change in the server's zone changes nothing", () => {
    // Paris falls back on 2026-10-25; 1 day = 24 h before now whatever the zone.
    const now = new Date("2026-10-26T12:00:00Z");
    const bs = [backup("now", "2026-10-26T11:00:00Z"), backup("23h30", "2026-10-25T12:30:00Z"), backup("24h30", "2026-10-25T11:30:00Z")];
    for (const timeZone of ["Europe/Paris", "UTC"]) {
      expect(kept(planRetention(bs, { mode: "days", days: 1 }, { now, timeZone }))).toEqual(["now", "23h30"]);
    }
  });

  it("keeps a backup dated after now (clock skew between hosts)", () => {
    const bs = [backup("future", "2026-11-24T00:00:00Z"), backup("today", "2026-11-23T02:00:00Z")];
    expect(deleted(planRetention(bs, { mode: "days", days: 1 }, opts))).toEqual([]);
  });
});

describe("retention: output and input", () => {
  it("returns the decisions newest first whatever the input order", () => {
    const shuffled = [backup("b", "2026-11-21T00:00:00Z"), backup("c", "2026-11-23T00:00:00Z"), backup("a", "2026-11-22T00:00:00Z")];
    expect(planRetention(shuffled, { mode: "count", keep: 2 }, opts).map((d) => d.id)).toEqual(["c", "a", "b"]);
  });

  it("orders backups with the same timestamp by id, so the newest is the same on every run", () => {
    const t = "2026-11-23T02:00:00Z";
    const one = planRetention([backup("x1", t), backup("x3", t), backup("x2", t)], { mode: "count", keep: 1 }, opts);
    const two = planRetention([backup("x2", t), backup("x1", t), backup("x3", t)], { mode: "count", keep: 1 }, opts);
    expect(one).toEqual(two);
    expect(one.map((d) => [d.id, d.keep])).toEqual([
      ["x3", true],
      ["x2", false],
      ["x1", false],
    ]);
  });

  it("plans nothing for a series without backups", () => {
    expect(planRetention([], { mode: "count", keep: 3 }, opts)).toEqual([]);
  });

  it("does not change the caller's array", () => {
    const bs = [backup("old", "2026-11-01T00:00:00Z"), backup("new", "2026-11-02T00:00:00Z")];
    const copy = structuredClone(bs);
    planRetention(bs, { mode: "count", keep: 1 }, opts);
    expect(bs).toEqual(copy);
  });

  it("refuses input that could delete the wrong backups: a duplicate id, an invalid date", () => {
    expect(() => planRetention([backup("a", "2026-11-01T00:00:00Z"), backup("a", "2026-11-02T00:00:00Z")], { mode: "count", keep: 1 }, opts)).toThrow(/listed twice/);
    expect(() => planRetention([backup("a", "not a date")], { mode: "count", keep: 1 }, opts)).toThrow(/invalid createdAt/);
    expect(() => planRetention(nightly(2), { mode: "days", days: 1 }, { now: new Date(Number.NaN), timeZone: "UTC" })).toThrow(/invalid now/);
  });

  it("refuses a policy out of range instead of deleting everything", () => {
    const bad: unknown[] = [
      { mode: "count", keep: 0 },
      { mode: "count", keep: 1.5 },
      { mode: "days", days: 0 },
      { mode: "gfs", daily: -1, weekly: 0, monthly: 0, yearly: 0 },
      { mode: "gfs", daily: 7, weekly: 4, monthly: 6 },
      { mode: "forever" },
    ];
    for (const policy of bad) expect(() => planRetention(nightly(3), policy as Retention, opts), JSON.stringify(policy)).toThrow(RangeError);
  });
});
