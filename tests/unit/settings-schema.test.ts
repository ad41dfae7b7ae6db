import { describe, it, expect } from "vitest";
import { DEFAULT_SETTINGS, SETTING_KEYS, SETTINGS_SHAPE, ZSettings, ZSettingsPatch } from "@/server/services/settings/settings.schema";

describe("instance settings defaults", () => {
  it("are the documented values", () => {
    expect(DEFAULT_SETTINGS).toEqual({
      "instance.name": "Bunker",
      "system.timezone": "UTC",
      "queue.maxConcurrentJobs": 2,
      "runs.timeoutMinutes": 360,
      "scheduler.catchUp": "once",
      "health.intervalSeconds": 60,
      "retention.executionLogDays": 90,
      "retention.healthCheckDays": 30,
      "retention.auditDays": 365,
      "security.trustedProxies": [],
      "queue.maxConcurrentRestores": 1,
      "security.loginLimitPerIp": 20,
      "security.loginLimitPerAccount": 10,
      "security.lockoutThreshold": 5,
      "security.lockoutMinutes": 15,
      "backups.verifyAfterUpload": true,
      "verify.maxAgeDays": 30,
      "notifications.systemRoutes": [],
      "notifications.missingBackupHours": 6,
      "configBackup.destinationId": null,
      "configBackup.intervalHours": 24,
      "configBackup.keep": 14,
    });
  });

  it("every default passes its own validation", () => {
    expect(ZSettings.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });

  it("SETTING_KEYS lists every setting", () => {
    expect([...SETTING_KEYS].sort()).toEqual(Object.keys(SETTINGS_SHAPE).sort());
    expect(SETTING_KEYS).toHaveLength(22);
  });

  it("the defaults are themselves valid, and the full schema requires every key", () => {
    expect(ZSettings.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(ZSettings.safeParse({ "instance.name": "Prod backups" }).success).toBe(false);
  });
});

describe("instance name", () => {
  it("is trimmed", () => {
    expect(ZSettingsPatch.parse({ "instance.name": "  Bunker EU  " })["instance.name"]).toBe("Bunker EU");
  });

  it.each([["empty", ""], ["only spaces", "   "], ["61 characters", "x".repeat(61)]])("rejects %s", (_label, name) => {
    expect(ZSettingsPatch.safeParse({ "instance.name": name }).success).toBe(false);
  });

  it("accepts 60 characters", () => {
    expect(ZSettingsPatch.safeParse({ "instance.name": "x".repeat(60) }).success).toBe(true);
  });
});

describe("time zone", () => {
  it.each(["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"])("accepts %s", (tz) => {
    expect(ZSettingsPatch.parse({ "system.timezone": tz })["system.timezone"]).toBe(tz);
  });

  it.each(["Mars/Olympus_Mons", "Europe/Atlantis", "not a zone", "", "+01:00"])("rejects %j with a clear message", (tz) => {
    const r = ZSettingsPatch.safeParse({ "system.timezone": tz });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe("Unknown IANA time zone");
    expect(r.error?.issues[0]?.path).toEqual(["system.timezone"]);
  });
});

describe("numeric bounds", () => {
  it.each([
    ["queue.maxConcurrentJobs", 1, 32],
    ["runs.timeoutMinutes", 1, 10_080],
    ["health.intervalSeconds", 15, 86_400],
    ["retention.executionLogDays", 1, 3650],
    ["retention.healthCheckDays", 1, 3650],
    ["retention.auditDays", 1, 3650],
  ] as const)("%s accepts %i..%i and nothing outside", (key, min, max) => {
    expect(ZSettingsPatch.safeParse({ [key]: min }).success).toBe(true);
    expect(ZSettingsPatch.safeParse({ [key]: max }).success).toBe(true);
    expect(ZSettingsPatch.safeParse({ [key]: min - 1 }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ [key]: max + 1 }).success).toBe(false);
  });

  it.each([
    ["a fraction", 2.5],
    ["a numeric string", "4"],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["null", null],
  ])("maxConcurrentJobs rejects %s", (_label, v) => {
    expect(ZSettingsPatch.safeParse({ "queue.maxConcurrentJobs": v }).success).toBe(false);
  });
});

describe("other settings", () => {
  it("catch-up is off or once", () => {
    expect(ZSettingsPatch.safeParse({ "scheduler.catchUp": "off" }).success).toBe(true);
    expect(ZSettingsPatch.safeParse({ "scheduler.catchUp": "once" }).success).toBe(true);
    expect(ZSettingsPatch.safeParse({ "scheduler.catchUp": "all" }).success).toBe(false);
  });

  it("trusted proxies are trimmed, non-empty and at most 50", () => {
    expect(ZSettingsPatch.parse({ "security.trustedProxies": [" 10.0.0.1 ", "10.0.0.0/8"] })["security.trustedProxies"]).toEqual(["10.0.0.1", "10.0.0.0/8"]);
    expect(ZSettingsPatch.safeParse({ "security.trustedProxies": ["  "] }).success).toBe(false);
    expect(ZSettingsPatch.safeParse({ "security.trustedProxies": Array.from({ length: 50 }, (_, i) => `10.0.0.${i}`) }).success).toBe(true);
    expect(ZSettingsPatch.safeParse({ "security.trustedProxies": Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`) }).success).toBe(false);
  });

  // Known bug: in Zod 4, `.partial()` keeps each field's `.default()`, so parsing a one-key patch
  // returns every setting (the others at their defaults). updateSettings() writes every defined entry,
  // so such a patch would silently reset all other settings. Remove `.fails` once fixed.
  it("a patch with only some keys does not fill in defaults for the others (known bug)", () => {
    expect(ZSettingsPatch.parse({ "queue.maxConcurrentJobs": 8 })).toEqual({ "queue.maxConcurrentJobs": 8 });
  });
});
