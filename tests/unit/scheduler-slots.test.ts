import { describe, expect, it } from "vitest";
import { SLOT_TOLERANCE_MS, currentSlot, nextRuns, slotKey, validateCron } from "@/lib/scheduler/slots";

const at = (iso: string) => new Date(iso);
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("slot keys: a double fire for the same slot collides", () => {
  it("builds a deterministic key from the job and the slot's UTC instant", () => {
    expect(slotKey("job_1", at("2026-11-23T02:00:00Z"))).toBe("job_1@2026-11-23T02:00:00.000Z");
    expect(slotKey("job_1", at("2026-11-23T03:00:00+01:00"))).toBe("job_1@2026-11-23T02:00:00.000Z");
  });

  it("two processes firing a few ms apart compute the same slot, so their runs collide on the same key", () => {
    const a = currentSlot("0 2 * * *", "UTC", at("2026-11-23T02:00:00.003Z"));
    const b = currentSlot("0 2 * * *", "UTC", at("2026-11-23T02:00:00.250Z"));
    expect(a.toISOString()).toBe("2026-11-23T02:00:00.000Z");
    expect(slotKey("job_1", a)).toBe(slotKey("job_1", b));
  });

  it("a timer that fires slightly early still belongs to the slot ahead of it", () => {
    expect(currentSlot("0 2 * * *", "UTC", at("2026-11-23T01:59:59.400Z")).toISOString()).toBe("2026-11-23T02:00:00.000Z");
    expect(currentSlot("0 2 * * *", "UTC", new Date(at("2026-11-23T02:00:00Z").getTime() - SLOT_TOLERANCE_MS)).toISOString()).toBe("2026-11-23T02:00:00.000Z");
  });

  it("a fire more than the tolerance early belongs to the previous slot (and collides with the run made for it)", () => {
    expect(currentSlot("0 2 * * *", "UTC", at("2026-11-23T01:59:58.900Z")).toISOString()).toBe("2026-11-22T02:00:00.000Z");
  });

  it("a late fire (busy event loop) still belongs to its slot", () => {
    expect(currentSlot("0 2 * * *", "UTC", at("2026-11-23T02:00:07.000Z")).toISOString()).toBe("2026-11-23T02:00:00.000Z");
  });

  it("two jobs on the same schedule get different keys for the same slot", () => {
    const slot = currentSlot("0 2 * * *", "UTC", at("2026-11-23T02:00:00Z"));
    expect(slotKey("job_a", slot)).not.toBe(slotKey("job_b", slot));
  });

  it("refuses an empty job id or an invalid slot", () => {
    expect(() => slotKey("", at("2026-11-23T02:00:00Z"))).toThrow(/job id/);
    expect(() => slotKey("job_1", new Date(Number.NaN))).toThrow(/not a valid date/);
  });
});

describe("slots in the server's time zone", () => {
  it("02:00 in Paris is 01:00 UTC in winter and 00:00 UTC in summer", () => {
    expect(currentSlot("0 2 * * *", "Europe/Paris", at("2026-11-23T01:00:00.010Z")).toISOString()).toBe("2026-11-23T01:00:00.000Z");
    expect(currentSlot("0 2 * * *", "Europe/Paris", at("2026-07-01T00:00:00.010Z")).toISOString()).toBe("2026-07-01T00:00:00.000Z");
  });

  it("spring forward in Paris: a 02:30 job runs at 03:00 CEST on the day 02:30 does not exist", () => {
    expect(iso(nextRuns("30 2 * * *", "Europe/Paris", at("2026-03-28T12:00:00Z"), 2))).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
    expect(currentSlot("30 2 * * *", "Europe/Paris", at("2026-03-29T01:00:00.020Z")).toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("fall back in Paris: a 02:30 job runs once, and a fire on the repeated 02:30 names the same slot", () => {
    expect(iso(nextRuns("30 2 * * *", "Europe/Paris", at("2026-10-24T12:00:00Z"), 2))).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
    // 01:30 UTC is the second 02:30 of the night: it belongs to the slot of the first, so a fire then collides.
    expect(currentSlot("30 2 * * *", "Europe/Paris", at("2026-10-25T01:30:00Z")).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("fall back in Paris: an every-30-minutes job runs on both passes of the repeated hour, each its own slot", () => {
    const runs = nextRuns("*/30 * * * *", "Europe/Paris", at("2026-10-25T00:59:00Z"), 4);
    expect(iso(runs)).toEqual(["2026-10-25T01:00:00.000Z", "2026-10-25T01:30:00.000Z", "2026-10-25T02:00:00.000Z", "2026-10-25T02:30:00.000Z"]);
    // 00:30 UTC (02:30 CEST) and 01:30 UTC (02:30 CET) read the same on the wall clock, but are two slots.
    const first = currentSlot("*/30 * * * *", "Europe/Paris", at("2026-10-25T00:30:00.100Z"));
    const second = currentSlot("*/30 * * * *", "Europe/Paris", at("2026-10-25T01:30:00.100Z"));
    expect(slotKey("job_1", first)).toBe("job_1@2026-10-25T00:30:00.000Z");
    expect(slotKey("job_1", second)).toBe("job_1@2026-10-25T01:30:00.000Z");
  });

  it("refuses an unknown time zone", () => {
    expect(() => currentSlot("0 2 * * *", "Mars/Olympus_Mons", at("2026-11-23T02:00:00Z"))).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
  });
});

describe("6-field cron with seconds", () => {
  it("a 6-field schedule fires at its second, and the slot keeps it", () => {
    expect(iso(nextRuns("30 0 2 * * *", "UTC", at("2026-11-23T00:00:00Z"), 2))).toEqual(["2026-11-23T02:00:30.000Z", "2026-11-24T02:00:30.000Z"]);
    const slot = currentSlot("30 0 2 * * *", "UTC", at("2026-11-23T02:00:30.004Z"));
    expect(slotKey("job_1", slot)).toBe("job_1@2026-11-23T02:00:30.000Z");
  });

  it("every 10 seconds: consecutive fires are distinct slots, 10 s apart", () => {
    const a = currentSlot("*/10 * * * * *", "UTC", at("2026-11-23T02:00:10.020Z"));
    const b = currentSlot("*/10 * * * * *", "UTC", at("2026-11-23T02:00:20.015Z"));
    expect(b.getTime() - a.getTime()).toBe(10_000);
    expect(slotKey("j", a)).not.toBe(slotKey("j", b));
  });
});

describe("next runs", () => {
  it("lists the next occurrences strictly after `from`, earliest first", () => {
    expect(iso(nextRuns("0 2 * * *", "UTC", at("2026-11-23T02:00:00Z"), 3))).toEqual(["2026-11-24T02:00:00.000Z", "2026-11-25T02:00:00.000Z", "2026-11-26T02:00:00.000Z"]);
    expect(iso(nextRuns("0 3 * * SUN", "UTC", at("2026-11-23T00:00:00Z"), 2))).toEqual(["2026-11-29T03:00:00.000Z", "2026-12-06T03:00:00.000Z"]);
  });

  it("accepts the form's shortcuts and extra spaces", () => {
    expect(iso(nextRuns("@daily", "UTC", at("2026-11-23T12:00:00Z"), 1))).toEqual(["2026-11-24T00:00:00.000Z"]);
    expect(iso(nextRuns("  0   2 * * * ", "UTC", at("2026-11-23T12:00:00Z"), 1))).toEqual(["2026-11-24T02:00:00.000Z"]);
  });

  it("returns nothing for a count of 0, and refuses a negative or fractional count", () => {
    expect(nextRuns("0 2 * * *", "UTC", at("2026-11-23T00:00:00Z"), 0)).toEqual([]);
    expect(() => nextRuns("0 2 * * *", "UTC", at("2026-11-23T00:00:00Z"), -1)).toThrow(/count/);
    expect(() => nextRuns("0 2 * * *", "UTC", at("2026-11-23T00:00:00Z"), 1.5)).toThrow(/count/);
  });

  it("refuses an invalid expression with the form's message", () => {
    expect(() => nextRuns("61 * * * *", "UTC", at("2026-11-23T00:00:00Z"), 1)).toThrow(/minute must be 0–59 \(got 61\)/);
  });
});

describe("validateCron", () => {
  it("accepts 5 fields, 6 fields with seconds first, names and shortcuts", () => {
    for (const cron of ["0 2 * * *", "*/15 9-17 * * MON-FRI", "30 0 2 * * *", "0 3 1 JAN *", "@weekly", "0 3 L * *"]) {
      expect(validateCron(cron), cron).toEqual({ ok: true });
    }
  });

  it("explains a wrong number of fields", () => {
    expect(validateCron("0 2 * *")).toEqual({ ok: false, error: expect.stringMatching(/expected 5 fields .* or 6 with seconds first; got 4/) as unknown });
    expect(validateCron("0 0 2 * * * 2027")).toEqual({ ok: false, error: expect.stringContaining("got 7") as unknown });
  });

  it("explains an out-of-range value, a backwards range and an unknown shortcut", () => {
    expect(validateCron("61 * * * *")).toEqual({ ok: false, error: "minute must be 0–59 (got 61)" });
    expect(validateCron("0 25 * * *")).toEqual({ ok: false, error: "hour must be 0–23 (got 25)" });
    expect(validateCron("0 2 * * 5-1")).toMatchObject({ ok: false, error: expect.stringContaining("runs backwards") as unknown });
    expect(validateCron("@fortnightly")).toMatchObject({ ok: false, error: expect.stringContaining("unknown shortcut") as unknown });
  });

  it("refuses an empty schedule and one that never runs", () => {
    expect(validateCron("")).toMatchObject({ ok: false, error: expect.stringContaining("empty") as unknown });
    expect(validateCron("   ")).toMatchObject({ ok: false });
    expect(validateCron("0 0 30 2 *")).toMatchObject({ ok: false, error: expect.stringContaining("never runs") as unknown });
  });

  it("does not depend on the clock: the same answer for the same expression", () => {
    expect(validateCron("0 0 29 2 *")).toEqual({ ok: true }); // leap days exist
    expect(validateCron("0 0 29 2 *")).toEqual(validateCron("0 0 29 2 *"));
  });
});
