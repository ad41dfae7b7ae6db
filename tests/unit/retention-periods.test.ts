import { describe, expect, it } from "vitest";
import { assertTimeZone, isoWeek, periodKeys } from "@/lib/retention/periods";

const at = (iso: string) => new Date(iso);

describe("GFS periods: the day, ISO week, month and year of a backup in the server's time zone", () => {
  it("a 23:30 backup in New York belongs to that New York day, although it is already the next day in UTC", () => {
    // 2026-11-20 23:30 EST = 2026-11-21 04:30 UTC
    expect(periodKeys(at("2026-11-21T04:30:00Z"), "America/New_York").day).toBe("2026-11-20");
    expect(periodKeys(at("2026-11-21T04:30:00Z"), "UTC").day).toBe("2026-11-21");
  });

  it("a 00:30 backup in Tokyo belongs to the Tokyo day, although it is still the previous day in UTC", () => {
    // 2026-11-20 15:30 UTC = 2026-11-21 00:30 JST
    expect(periodKeys(at("2026-11-20T15:30:00Z"), "Asia/Tokyo")).toEqual({ day: "2026-11-21", week: "2026-W47", month: "2026-11", year: "2026" });
  });

  it("the 25-hour day of the autumn change in Paris is one day, both passes of 02:30 included", () => {
    // DST ends on Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC).
    for (const iso of ["2026-10-24T22:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-25T22:59:00Z"]) {
      expect(periodKeys(at(iso), "Europe/Paris").day, iso).toBe("2026-10-25");
    }
    expect(periodKeys(at("2026-10-24T21:59:00Z"), "Europe/Paris").day).toBe("2026-10-24"); // 23:59 CEST
    expect(periodKeys(at("2026-10-25T23:00:00Z"), "Europe/Paris").day).toBe("2026-10-26"); // 00:00 CET
  });

  it("the 23-hour day of the spring change in Paris ends at 22:00 UTC", () => {
    // DST starts on Sunday 2026-03-29: 02:00 CET becomes 03:00 CEST.
    expect(periodKeys(at("2026-03-28T23:00:00Z"), "Europe/Paris").day).toBe("2026-03-29"); // 00:00 CET
    expect(periodKeys(at("2026-03-29T21:59:00Z"), "Europe/Paris").day).toBe("2026-03-29"); // 23:59 CEST
    expect(periodKeys(at("2026-03-29T22:30:00Z"), "Europe/Paris").day).toBe("2026-03-30"); // 00:30 CEST
  });

  it("New Year in Paris comes an hour before New Year in UTC", () => {
    expect(periodKeys(at("2025-12-31T22:30:00Z"), "Europe/Paris")).toMatchObject({ day: "2025-12-31", month: "2025-12", year: "2025" });
    expect(periodKeys(at("2025-12-31T23:30:00Z"), "Europe/Paris")).toMatchObject({ day: "2026-01-01", month: "2026-01", year: "2026" });
    expect(periodKeys(at("2025-12-31T23:30:00Z"), "UTC")).toMatchObject({ day: "2025-12-31", month: "2025-12", year: "2025" });
  });

  it("ISO weeks run Monday to Sunday, and a Monday 00:30 in Paris (Sunday 23:30 UTC) opens the next week", () => {
    expect(periodKeys(at("2026-11-16T23:30:00Z"), "UTC").week).toBe("2026-W47"); // Monday
    expect(periodKeys(at("2026-11-22T22:30:00Z"), "Europe/Paris").week).toBe("2026-W47"); // Sunday 23:30 Paris
    expect(periodKeys(at("2026-11-22T23:30:00Z"), "Europe/Paris").week).toBe("2026-W48"); // Monday 00:30 Paris
    expect(periodKeys(at("2026-11-22T23:30:00Z"), "UTC").week).toBe("2026-W47"); // still Sunday in UTC
  });

  it("ISO week 53 and weeks that straddle New Year take the year of their Thursday", () => {
    expect(isoWeek(2026, 12, 28)).toEqual({ weekYear: 2026, week: 53 }); // Monday
    expect(isoWeek(2027, 1, 1)).toEqual({ weekYear: 2026, week: 53 }); // Friday
    expect(isoWeek(2027, 1, 3)).toEqual({ weekYear: 2026, week: 53 }); // Sunday
    expect(isoWeek(2027, 1, 4)).toEqual({ weekYear: 2027, week: 1 }); // Monday
    expect(isoWeek(2021, 1, 3)).toEqual({ weekYear: 2020, week: 53 });
    expect(isoWeek(2022, 1, 1)).toEqual({ weekYear: 2021, week: 52 });
    expect(isoWeek(2024, 12, 30)).toEqual({ weekYear: 2025, week: 1 });
    expect(isoWeek(2026, 1, 1)).toEqual({ weekYear: 2026, week: 1 });
    expect(isoWeek(2025, 12, 29)).toEqual({ weekYear: 2026, week: 1 });
    // The week key and the year key may differ: 2027-01-02 is in week 2026-W53 but year 2027.
    expect(periodKeys(at("2027-01-02T12:00:00Z"), "UTC")).toEqual({ day: "2027-01-02", week: "2026-W53", month: "2027-01", year: "2027" });
  });

  it("rejects an unknown time zone with a clear message", () => {
    expect(() => assertTimeZone("Mars/Olympus_Mons")).toThrow('unknown time zone "Mars/Olympus_Mons"');
    expect(() => periodKeys(at("2026-01-01T00:00:00Z"), "Not/A_Zone")).toThrow(/unknown time zone/);
  });

  it("rejects an invalid date", () => {
    expect(() => periodKeys(new Date(Number.NaN), "UTC")).toThrow(/invalid date/);
  });
});
