import { describe, expect, it } from "vitest";
import { describeSchedule, nextRunOf, normalizeSchedule } from "@/lib/scheduler/cron";

// A fixed "now": Saturday 2026-01-10 12:00 UTC (winter: Paris is UTC+1, New York UTC-5).
const now = new Date("2026-01-10T12:00:00Z");

const ok = (expr: string | null, tz = "UTC", at = now) => {
  const d = describeSchedule(expr, tz, { now: at });
  if (!d.ok) throw new Error(`expected ${JSON.stringify(expr)} to be valid, got: ${d.error}`);
  return d;
};

const error = (expr: string, tz = "UTC") => {
  const d = describeSchedule(expr, tz, { now });
  if (d.ok) throw new Error(`expected ${JSON.stringify(expr)} to be invalid`);
  return d.error;
};

describe("describeSchedule: valid expressions", () => {
  it("describes a daily 5-field cron in words with the next 5 runs", () => {
    const d = ok("0 2 * * *");
    expect(d.manual).toBe(false);
    expect(d.text).toBe("At 02:00 AM");
    expect(d.next).toEqual([
      "2026-01-11T02:00:00.000Z",
      "2026-01-12T02:00:00.000Z",
      "2026-01-13T02:00:00.000Z",
      "2026-01-14T02:00:00.000Z",
      "2026-01-15T02:00:00.000Z",
    ]);
    expect(d.warning).toBeNull();
    expect(d.timeZone).toBe("UTC");
  });

  it("accepts 6 fields with seconds first", () => {
    const d = ok("30 0 2 * * *");
    expect(d.text).toContain("02:00");
    expect(d.next[0]).toBe("2026-01-11T02:00:30.000Z");
  });

  it("computes the next runs in the given time zone: 02:00 in Paris is an hour before 02:00 UTC in winter", () => {
    const utc = ok("0 2 * * *", "UTC");
    const paris = ok("0 2 * * *", "Europe/Paris");
    expect(paris.next[0]).toBe("2026-01-11T01:00:00.000Z");
    expect(new Date(utc.next[0]!).getTime() - new Date(paris.next[0]!).getTime()).toBe(3600_000);
    expect(ok("0 2 * * *", "America/New_York").next[0]).toBe("2026-01-11T07:00:00.000Z");
  });

  it("follows daylight saving time: Paris is UTC+2 in summer", () => {
    expect(ok("0 2 * * *", "Europe/Paris", new Date("2026-07-01T12:00:00Z")).next[0]).toBe("2026-07-02T00:00:00.000Z");
  });

  it("describes the form's presets, names, ranges and steps", () => {
    expect(ok("0 * * * *").text).toBe("Every hour");
    expect(ok("0 3 * * 0").text).toBe("At 03:00 AM, only on Sunday");
    expect(ok("0 3 * * SUN").next[0]).toBe("2026-01-11T03:00:00.000Z");
    expect(ok("0 3 * * 7").next[0]).toBe("2026-01-11T03:00:00.000Z"); // 7 is Sunday too
    expect(ok("0 3 1 * *").next[0]).toBe("2026-02-01T03:00:00.000Z");
    expect(ok("*/30 9-17 * * MON-FRI").next[0]).toBe("2026-01-12T09:00:00.000Z");
    expect(ok("0 3 L * *").next[0]).toBe("2026-01-31T03:00:00.000Z");
    expect(ok("0 3 * JAN,jul *").next).toHaveLength(5);
    expect(ok("@daily").next[0]).toBe("2026-01-11T00:00:00.000Z");
  });

  it("normalises whitespace", () => {
    expect(normalizeSchedule("  0   2 * *\t* ")).toBe("0 2 * * *");
    expect(ok("  0   2 * *  * ").next[0]).toBe("2026-01-11T02:00:00.000Z");
  });

  it("warns when runs come more often than every 15 minutes", () => {
    expect(ok("*/5 * * * *").warning).toMatch(/15 minutes/);
    expect(ok("0 */1 * * *").warning).toBeNull();
  });

  it("returns as many runs as asked and nextRunOf gives the first", () => {
    expect(describeSchedule("0 2 * * *", "UTC", { now, count: 2 })).toMatchObject({ ok: true, next: ["2026-01-11T02:00:00.000Z", "2026-01-12T02:00:00.000Z"] });
    expect(nextRunOf("0 2 * * *", "Europe/Paris", now)).toBe("2026-01-11T01:00:00.000Z");
    expect(nextRunOf(null, "UTC", now)).toBeNull();
    expect(nextRunOf("61 * * * *", "UTC", now)).toBeNull();
  });
});

describe("describeSchedule: an empty schedule is manual only", () => {
  it.each([null, undefined, "", "   "])("%j", (expr) => {
    expect(describeSchedule(expr, "Europe/Paris")).toEqual({ ok: true, manual: true, text: "Manual only", next: [], warning: null, timeZone: "Europe/Paris" });
  });
});

describe("describeSchedule: invalid expressions have clear messages", () => {
  it.each([
    ["61 * * * *", "minute must be 0–59 (got 61)"],
    ["0 24 * * *", "hour must be 0–23 (got 24)"],
    ["0 2 32 * *", "day of month must be 1–31 (got 32)"],
    ["0 2 0 * *", "day of month must be 1–31 (got 0)"],
    ["0 2 * 13 *", "month must be 1–12 (got 13)"],
    ["0 2 * * 8", "day of week must be 0–7 (got 8)"],
    ["60 0 2 * * *", "second must be 0–59 (got 60)"],
    ["0 1,99 * * *", "hour must be 0–23 (got 99)"],
    ["5-70 * * * *", "minute must be 0–59 (got 70)"],
  ])("%j: %s", (expr, message) => {
    expect(error(expr)).toBe(message);
  });

  it("names the field count", () => {
    expect(error("* * * *")).toMatch(/expected 5 fields .*got 4/);
    expect(error("0 0 0 1 1 * 2030")).toMatch(/got 7/);
  });

  it("explains letters, bad steps, empty list items and backwards ranges", () => {
    expect(error("a * * * *")).toMatch(/^minute: "a" is not a number/);
    expect(error("*/0 * * * *")).toMatch(/^minute: the step in "\*\/0" must be a whole number of at least 1/);
    expect(error("0 2 * * FOO")).toMatch(/^day of week: "FOO" is not a valid value/);
    expect(error("1,,2 * * * *")).toMatch(/^minute: a list has an empty item/);
    expect(error("0 10-2 * * *")).toMatch(/^hour: the range 10-2 runs backwards/);
    expect(error("5/15 * * * *")).toBe('minute: "5/15" needs a range before the step: write 5-59/15 or */15');
    expect(error("*/61 * * * *")).toBe('minute: the step in "*/61" must be at most 60');
  });

  it("refuses unknown shortcuts and schedules that never fire", () => {
    expect(error("@reboot")).toMatch(/unknown shortcut "@reboot"/);
    expect(error("0 2 30 2 *")).toMatch(/never runs/);
  });

  it("refuses an unknown time zone", () => {
    expect(describeSchedule("0 2 * * *", "Mars/Olympus")).toMatchObject({ ok: false, error: 'unknown time zone "Mars/Olympus"' });
  });

  it("passes croner's own message through for what the first pass does not know, without its prefix", () => {
    const msg = error("0 2 * * MON#9");
    expect(msg).not.toMatch(/CronPattern/);
    expect(msg.length).toBeGreaterThan(0);
  });
});
