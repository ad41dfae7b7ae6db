import { describe, expect, it } from "vitest";
import { missedSlot } from "@/lib/scheduler/catch-up";
import { slotKey } from "@/lib/scheduler/slots";

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;
const CREATED = at("2026-01-01T00:00:00Z");

describe("catch-up after downtime: at most one run per job", () => {
  it("catch-up returns only the latest missed slot, however many were missed", () => {
    // Nightly at 02:00 UTC; last run on the 20th; down until the 23rd at 10:00: 21st, 22nd, 23rd missed.
    expect(iso(missedSlot("0 2 * * *", "UTC", at("2026-11-20T02:00:00Z"), CREATED, at("2026-11-23T10:00:00Z"), "once"))).toBe("2026-11-23T02:00:00.000Z");
  });

  it("catch-up off returns null even when slots were missed", () => {
    expect(missedSlot("0 2 * * *", "UTC", at("2026-11-20T02:00:00Z"), CREATED, at("2026-11-23T10:00:00Z"), "off")).toBeNull();
  });

  it("nothing to catch up when the last slot already ran", () => {
    expect(missedSlot("0 2 * * *", "UTC", at("2026-11-23T02:00:00Z"), CREATED, at("2026-11-23T10:00:00Z"), "once")).toBeNull();
  });

  it("a job created after the last slot has nothing to catch up", () => {
    expect(missedSlot("0 2 * * *", "UTC", null, at("2026-11-23T03:00:00Z"), at("2026-11-23T10:00:00Z"), "once")).toBeNull();
  });

  it("a job that never ran catches up the latest slot since it was created", () => {
    expect(iso(missedSlot("0 2 * * *", "UTC", null, at("2026-11-21T15:00:00Z"), at("2026-11-23T10:00:00Z"), "once"))).toBe("2026-11-23T02:00:00.000Z");
  });

  it("a slot at the very instant the job was created, or of the last run, is not owed again", () => {
    expect(missedSlot("0 2 * * *", "UTC", null, at("2026-11-23T02:00:00Z"), at("2026-11-23T10:00:00Z"), "once")).toBeNull();
    expect(missedSlot("0 2 * * *", "UTC", at("2026-11-23T02:00:00Z"), CREATED, at("2026-11-23T02:00:00.500Z"), "once")).toBeNull();
  });

  it("a slot falling exactly at boot time is caught up (the live fire of it would collide on the slot key)", () => {
    const slot = missedSlot("0 2 * * *", "UTC", at("2026-11-22T02:00:00Z"), CREATED, at("2026-11-23T02:00:00Z"), "once");
    expect(iso(slot)).toBe("2026-11-23T02:00:00.000Z");
    expect(slotKey("job_1", slot as Date)).toBe("job_1@2026-11-23T02:00:00.000Z");
  });

  it("nothing to catch up when the next slot has not come yet", () => {
    expect(missedSlot("0 2 * * *", "UTC", at("2026-11-23T02:00:00Z"), CREATED, at("2026-11-24T01:59:59Z"), "once")).toBeNull();
  });

  it("a last run in the future (the clock went back) means nothing to catch up", () => {
    expect(missedSlot("0 2 * * *", "UTC", at("2026-11-25T02:00:00Z"), CREATED, at("2026-11-23T10:00:00Z"), "once")).toBeNull();
  });

  it("a weekly job down for a month catches up only last Sunday's run", () => {
    // Sundays at 03:00 UTC; last run Sun 2026-10-25; back on Wed 2026-11-25.
    expect(iso(missedSlot("0 3 * * SUN", "UTC", at("2026-10-25T03:00:00Z"), CREATED, at("2026-11-25T09:00:00Z"), "once"))).toBe("2026-11-22T03:00:00.000Z");
  });

  it("uses the server's time zone, across the autumn DST change in Paris", () => {
    // 02:30 Paris nightly; the 02:30 of Sunday 25 Oct ran (00:30 UTC, first pass); down until Monday 26 at 08:00 Paris.
    expect(iso(missedSlot("30 2 * * *", "Europe/Paris", at("2026-10-25T00:30:00Z"), CREATED, at("2026-10-26T07:00:00Z"), "once"))).toBe("2026-10-26T01:30:00.000Z");
    // The repeated 02:30 (01:30 UTC on the 25th) is not a second slot: nothing is owed after the first pass ran.
    expect(missedSlot("30 2 * * *", "Europe/Paris", at("2026-10-25T00:30:00Z"), CREATED, at("2026-10-25T06:00:00Z"), "once")).toBeNull();
  });

  it("a 6-field every-10-seconds job down for a minute catches up one run, not six", () => {
    expect(iso(missedSlot("*/10 * * * * *", "UTC", at("2026-11-23T02:00:00Z"), CREATED, at("2026-11-23T02:01:05Z"), "once"))).toBe("2026-11-23T02:01:00.000Z");
  });

  it("refuses an invalid schedule, time zone or policy rather than guess", () => {
    const now = at("2026-11-23T10:00:00Z");
    expect(() => missedSlot("0 25 * * *", "UTC", null, CREATED, now, "once")).toThrow(/hour must be 0–23/);
    expect(() => missedSlot("0 2 * * *", "Nowhere/Land", null, CREATED, now, "once")).toThrow(/unknown time zone/);
    expect(() => missedSlot("0 2 * * *", "UTC", null, CREATED, now, "always" as "once")).toThrow(/catch-up policy/);
    expect(() => missedSlot("0 2 * * *", "UTC", null, CREATED, new Date(Number.NaN), "once")).toThrow(/now/);
  });
});
