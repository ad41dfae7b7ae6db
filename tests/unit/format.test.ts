import { describe, it, expect } from "vitest";
import { formatDateTime, formatDuration, formatRelative, humanizeAction } from "@/lib/format";

describe("formatDuration shows uptime compactly", () => {
  it.each([
    [0, "0s"],
    [1, "1s"],
    [59, "59s"],
    [60, "1m"],
    [61, "1m"],
    [119, "1m"],
    [3599, "59m"],
    [3600, "1h 0m"],
    [3660, "1h 1m"],
    [7199, "1h 59m"],
    [86_399, "23h 59m"],
    [86_400, "1d 0h"],
    [90_061, "1d 1h"],
    [10 * 86_400 + 5 * 3600 + 59, "10d 5h"],
  ])("%i seconds → %s", (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe("humanizeAction turns audit action ids into words", () => {
  it.each([
    ["user.create", "User create"],
    ["group.permissions_update", "Group permissions update"],
    ["auth.sign_in", "Auth sign in"],
    ["settings.update", "Settings update"],
    ["login", "Login"],
    ["", ""],
  ])("%j → %j", (action, expected) => {
    expect(humanizeAction(action)).toBe(expected);
  });

  it("replaces every separator, not only the first", () => {
    expect(humanizeAction("a.b.c_d_e")).toBe("A b c d e");
  });
});

describe("formatRelative with a fixed now", () => {
  const now = Date.parse("2024-06-15T12:00:00Z");
  const ago = (seconds: number) => new Date(now - seconds * 1000);

  it.each([
    [0, "now"],
    [1, "1 second ago"],
    [30, "30 seconds ago"],
    [59, "59 seconds ago"],
    [60, "1 minute ago"],
    [5 * 60, "5 minutes ago"],
    [3600, "1 hour ago"],
    [2 * 3600, "2 hours ago"],
    [86_400, "yesterday"],
    [3 * 86_400, "3 days ago"],
    [400 * 86_400, "400 days ago"],
  ])("%i seconds before now → %s", (seconds, expected) => {
    expect(formatRelative(ago(seconds), now)).toBe(expected);
  });

  it.each([
    [30, "in 30 seconds"],
    [10 * 60, "in 10 minutes"],
    [2 * 3600, "in 2 hours"],
    [86_400, "tomorrow"],
    [5 * 86_400, "in 5 days"],
  ])("%i seconds after now → %s", (seconds, expected) => {
    expect(formatRelative(ago(-seconds), now)).toBe(expected);
  });

  it("accepts an ISO string as well as a Date", () => {
    expect(formatRelative("2024-06-15T11:55:00Z", now)).toBe("5 minutes ago");
    expect(formatRelative("2024-06-15T11:55:00.000Z", now)).toBe(formatRelative(new Date("2024-06-15T11:55:00Z"), now));
  });

  it("rounds sub-second and sub-unit differences", () => {
    expect(formatRelative(new Date(now - 1400), now)).toBe("1 second ago");
    expect(formatRelative(ago(90), now)).toBe("2 minutes ago");
    expect(formatRelative(ago(89), now)).toBe("1 minute ago");
  });
});

describe("formatDateTime", () => {
  it("formats in the requested time zone", () => {
    const iso = "2024-06-15T23:30:00Z";
    expect(formatDateTime(iso, "UTC")).toContain("23:30");
    expect(formatDateTime(iso, "Asia/Tokyo")).toContain("08:30");
    expect(formatDateTime(iso, "Asia/Tokyo")).toContain("16 Jun 2024");
    expect(formatDateTime(new Date(iso), "UTC")).toBe(formatDateTime(iso, "UTC"));
  });
});
