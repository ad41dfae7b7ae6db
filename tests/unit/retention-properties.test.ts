import { describe, expect, it } from "vitest";
import { periodKeys, type PeriodKeys } from "@/lib/retention/periods";
import { planRetention, type RetainableBackup, type Retention } from "@/lib/retention/plan-retention";

// Property-style checks over many random backup series and policies, from a fixed seed so that a
// failure is reproducible (the seed and case number are in the message).
const SEED = 20261123;
const CASES = 400;
const DAY = 86_400_000;
const NOW = new Date("2026-11-23T12:00:00Z");
const ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "Australia/Lord_Howe"];

/** mulberry32: a tiny deterministic PRNG */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Case = { backups: RetainableBackup[]; policy: Retention; timeZone: string };

const randomCase = (rnd: () => number, n: number): Case => {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const count = int(0, 60);
  // Mostly spread over ~3 years, with bursts (several a day) and exact duplicates of timestamps.
  const span = [3, 40, 400, 1100][int(0, 3)] as number;
  const backups: RetainableBackup[] = [];
  for (let i = 0; i < count; i++) {
    const t = rnd() < 0.1 && backups.length > 0 ? (backups[int(0, backups.length - 1)] as RetainableBackup).createdAt.getTime() : NOW.getTime() - Math.floor(rnd() * span * DAY);
    backups.push({ id: `c${n}-b${i}`, createdAt: new Date(t), locked: rnd() < 0.15 });
  }
  const mode = (["count", "days", "gfs"] as const)[int(0, 2)] as Retention["mode"];
  const policy: Retention =
    mode === "count"
      ? { mode, keep: int(1, 20) }
      : mode === "days"
        ? { mode, days: int(1, 400) }
        : { mode, daily: int(0, 10), weekly: int(0, 8), monthly: int(0, 12), yearly: int(0, 3) };
  return { backups, policy, timeZone: ZONES[int(0, ZONES.length - 1)] as string };
};

const cases: Case[] = (() => {
  const rnd = prng(SEED);
  return Array.from({ length: CASES }, (_, n) => randomCase(rnd, n));
})();

const plan = (c: Case, backups = c.backups) => planRetention(backups, c.policy, { now: NOW, timeZone: c.timeZone });
const keptIds = (c: Case, backups = c.backups) => new Set(plan(c, backups).filter((d) => d.keep).map((d) => d.id));
const label = (n: number, c: Case) => `seed ${SEED}, case ${n}: ${JSON.stringify(c.policy)} in ${c.timeZone}, ${c.backups.length} backups`;

/** GFS straight from its definition, written differently on purpose: group into periods, rank the periods by their newest backup, keep the newest of the first N. */
const gfsByDefinition = (c: Case): Set<string> => {
  const keep = new Set<string>();
  const sorted = [...c.backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  if (sorted[0]) keep.add(sorted[0].id);
  for (const b of sorted) if (b.locked) keep.add(b.id);
  if (c.policy.mode !== "gfs") throw new Error("gfs only");
  const rules: [keyof PeriodKeys, number][] = [["day", c.policy.daily], ["week", c.policy.weekly], ["month", c.policy.monthly], ["year", c.policy.yearly]];
  for (const [period, n] of rules) {
    const newestOfPeriod = new Map<string, RetainableBackup>();
    for (const b of sorted.filter((x) => !x.locked)) {
      const key = periodKeys(b.createdAt, c.timeZone)[period];
      if (!newestOfPeriod.has(key)) newestOfPeriod.set(key, b);
    }
    for (const b of [...newestOfPeriod.values()].slice(0, n)) keep.add(b.id);
  }
  return keep;
};

describe("retention properties over random backup series and policies", () => {
  it("always keeps the newest backup", () => {
    cases.forEach((c, n) => {
      if (c.backups.length === 0) return;
      const newest = Math.max(...c.backups.map((b) => b.createdAt.getTime()));
      const ds = plan(c);
      expect(ds[0]?.keep, label(n, c)).toBe(true);
      expect(ds[0]?.reasons[0], label(n, c)).toBe("newest");
      expect(c.backups.find((b) => b.id === ds[0]?.id)?.createdAt.getTime(), label(n, c)).toBe(newest);
    });
  });

  it("always keeps every locked backup", () => {
    cases.forEach((c, n) => {
      const kept = keptIds(c);
      for (const b of c.backups.filter((x) => x.locked)) expect(kept.has(b.id), `${label(n, c)}: locked ${b.id}`).toBe(true);
    });
  });

  it("is idempotent: planning again over the kept backups deletes nothing more", () => {
    cases.forEach((c, n) => {
      const kept = keptIds(c);
      const again = plan(
        c,
        c.backups.filter((b) => kept.has(b.id)),
      );
      expect(
        again.filter((d) => !d.keep).map((d) => d.id),
        label(n, c),
      ).toEqual([]);
    });
  });

  it("decides once for every backup, newest first, whatever the input order", () => {
    const rnd = prng(SEED + 1);
    cases.forEach((c, n) => {
      const ds = plan(c);
      expect(ds.map((d) => d.id).sort(), label(n, c)).toEqual(c.backups.map((b) => b.id).sort());
      const timeOf = new Map(c.backups.map((b) => [b.id, b.createdAt.getTime()]));
      const times = ds.map((d) => timeOf.get(d.id) ?? Number.NaN);
      for (let i = 1; i < times.length; i++) expect(times[i - 1]! >= times[i]!, label(n, c)).toBe(true);
      const shuffled = [...c.backups];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as RetainableBackup, shuffled[i] as RetainableBackup];
      }
      expect(plan(c, shuffled), label(n, c)).toEqual(ds);
      for (const d of ds) expect(d.reasons.length, label(n, c)).toBeGreaterThan(0);
    });
  });

  it("count keeps exactly the newest `keep` unlocked backups (plus the newest and the locked ones)", () => {
    cases.forEach((c, n) => {
      if (c.policy.mode !== "count") return;
      const unlocked = c.backups.filter((b) => !b.locked);
      const kept = keptIds(c);
      const keptUnlocked = unlocked.filter((b) => kept.has(b.id));
      // keep ≥ 1, so the newest unlocked backup is always among them: no extra slot for "newest".
      expect(keptUnlocked.length, label(n, c)).toBe(Math.min(c.policy.keep, unlocked.length));
    });
  });

  it("days keeps exactly the unlocked backups inside the window (plus the newest and the locked ones)", () => {
    cases.forEach((c, n) => {
      if (c.policy.mode !== "days") return;
      const window = c.policy.days * DAY;
      const ds = plan(c);
      for (const d of ds) {
        const b = c.backups.find((x) => x.id === d.id) as RetainableBackup;
        const inside = NOW.getTime() - b.createdAt.getTime() < window;
        expect(d.keep, `${label(n, c)}: ${d.id}`).toBe(inside || b.locked || d === ds[0]);
      }
    });
  });

  it("GFS keeps exactly what the definition keeps, and never more than the sum of its quotas plus newest and locked", () => {
    cases.forEach((c, n) => {
      if (c.policy.mode !== "gfs") return;
      const kept = keptIds(c);
      expect([...kept].sort(), label(n, c)).toEqual([...gfsByDefinition(c)].sort());
      const { daily, weekly, monthly, yearly } = c.policy;
      const locked = c.backups.filter((b) => b.locked).length;
      expect(kept.size, label(n, c)).toBeLessThanOrEqual(daily + weekly + monthly + yearly + 1 + locked);
    });
  });

  it("the random cases cover every mode, locked backups and timestamp ties", () => {
    expect(new Set(cases.map((c) => c.policy.mode)).size).toBe(3);
    expect(cases.some((c) => c.backups.some((b) => b.locked))).toBe(true);
    expect(cases.some((c) => new Set(c.backups.map((b) => b.createdAt.getTime())).size < c.backups.length)).toBe(true);
  });
});
