import { describe, expect, it } from "vitest";
import { planRetention, type RetainableBackup } from "@/lib/retention/plan-retention";
import { previewRetention } from "@/lib/retention/preview";

const opts = { now: new Date("2026-11-23T12:00:00Z"), timeZone: "Europe/Paris" };
const nightly = (days: number, locked: number[] = []): RetainableBackup[] =>
  Array.from({ length: days }, (_, i) => ({ id: `n${i}`, createdAt: new Date(Date.UTC(2026, 10, 23 - i, 1)), locked: locked.includes(i) }));

describe("job form preview: what this policy would keep", () => {
  it("counts what the sweep would keep and delete, with the same decisions as the sweep", () => {
    const backups = nightly(30, [20]);
    const policy = { mode: "count" as const, keep: 7 };
    const p = previewRetention(backups, policy, opts);
    expect(p).toMatchObject({ keep: 8, delete: 22 });
    expect(p.decisions).toEqual(planRetention(backups, policy, opts));
  });

  it("shows that switching a 30-day history to GFS 7 daily + 4 weekly keeps 9 backups (the rules overlap)", () => {
    // 30 nights from Sun 25 Oct to Mon 23 Nov 2026 (01:00 UTC = 02:00 Paris): the daily rule keeps
    // 17–23 Nov; the weekly rule keeps Mon 23 (2026-W48, also daily) and the Sundays 22 (also daily),
    // 15 and 8 Nov.
    const p = previewRetention(nightly(30), { mode: "gfs", daily: 7, weekly: 4, monthly: 0, yearly: 0 }, opts);
    expect(p.keep).toBe(9);
    expect(p.delete).toBe(21);
    expect(p.decisions.filter((d) => d.keep && !d.reasons.some((r) => r.startsWith("daily"))).map((d) => d.id)).toEqual(["n8", "n15"]);
  });

  it("previews an empty job as nothing to keep and nothing to delete", () => {
    expect(previewRetention([], { mode: "days", days: 30 }, opts)).toEqual({ keep: 0, delete: 0, decisions: [] });
  });
});
