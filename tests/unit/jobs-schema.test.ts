import { describe, expect, it } from "vitest";
import { parseDatabases, parseRetention, slugify, ZJobFields, ZUpdateJob } from "@/server/services/jobs/jobs.schema";

const base = { name: "Nightly", sourceId: "src-1", databases: { mode: "all" }, destinationIds: ["dst-1"] } as const;

/** The messages per path of a failed parse. */
const issues = (input: unknown, schema: typeof ZJobFields | typeof ZUpdateJob = ZJobFields) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected the input to be refused");
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("slugify", () => {
  it.each([
    ["Nightly Orders DB!", "nightly-orders-db"],
    ["  --Prod__main--  ", "prod-main"],
    ["Café Crème", "cafe-creme"],
    ["Ünïcödé", "unicode"],
    ["a/b\\c..d", "a-b-c-d"],
    ["日本語", "job"],
    ["", "job"],
    ["!!!", "job"],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("keeps at most 48 characters and only [a-z0-9-]", () => {
    const s = slugify("x".repeat(100));
    expect(s).toHaveLength(48);
    expect(slugify("A very long job name that goes on and on and on and on and on")).toMatch(/^[a-z0-9-]{1,48}$/);
  });
});

describe("ZJobFields", () => {
  it("fills the defaults: zstd, no level, no encryption, manual, enabled, keep 7, the default time limit", () => {
    expect(ZJobFields.parse(base)).toEqual({
      ...base,
      description: null,
      compression: "zstd",
      compressionLevel: null,
      encryptionProfileId: null,
      schedule: null,
      enabled: true,
      retention: { mode: "count", keep: 7 },
      timeoutSeconds: null,
      notifiers: [],
    });
  });

  it("trims the name and turns an empty description into null", () => {
    const j = ZJobFields.parse({ ...base, name: "  Nightly  ", description: "   " });
    expect(j.name).toBe("Nightly");
    expect(j.description).toBeNull();
    expect(issues({ ...base, name: "   " })).toEqual({ name: "Name is required" });
    expect(Object.keys(issues({ ...base, name: "x".repeat(81) }))).toEqual(["name"]);
  });

  it("needs a source and at least one destination, each listed once", () => {
    expect(issues({ ...base, sourceId: "" })).toEqual({ sourceId: "Pick a source" });
    expect(issues({ ...base, destinationIds: [] })).toEqual({ destinationIds: "Pick at least one destination" });
    expect(issues({ ...base, destinationIds: ["a", "a"] })).toEqual({ destinationIds: "A destination is listed twice" });
    expect(Object.keys(issues({ ...base, destinationIds: Array.from({ length: 11 }, (_, i) => `d${i}`) }))).toEqual(["destinationIds"]);
  });

  it("picks databases by valid name, at least one", () => {
    expect(ZJobFields.parse({ ...base, databases: { mode: "pick", names: ["orders", "billing_2024", "app.v2"] } }).databases).toEqual({
      mode: "pick",
      names: ["orders", "billing_2024", "app.v2"],
    });
    expect(issues({ ...base, databases: { mode: "pick", names: [] } })).toEqual({ "databases.names": "Pick at least one database" });
    expect(issues({ ...base, databases: { mode: "pick", names: ["ok", "x; rm -rf /"] } })).toEqual({
      "databases.names.1": "Invalid database name: letters, digits, _ $ . - only",
    });
    expect(Object.keys(issues({ ...base, databases: { mode: "some" } }))).toEqual(["databases.mode"]);
  });

  it("bounds compression levels: zstd 1–19, gzip 1–9", () => {
    expect(ZJobFields.parse({ ...base, compression: "zstd", compressionLevel: 19 }).compressionLevel).toBe(19);
    expect(ZJobFields.parse({ ...base, compression: "gzip", compressionLevel: 9 }).compressionLevel).toBe(9);
    expect(issues({ ...base, compression: "gzip", compressionLevel: 12 })).toEqual({ compressionLevel: "gzip levels go from 1 to 9" });
    expect(Object.keys(issues({ ...base, compression: "zstd", compressionLevel: 20 }))).toEqual(["compressionLevel"]);
    expect(Object.keys(issues({ ...base, compressionLevel: 0 }))).toEqual(["compressionLevel"]);
    expect(Object.keys(issues({ ...base, compression: "brotli" }))).toEqual(["compression"]);
  });

  it("keeps retention policies of each kind and refuses out-of-range ones", () => {
    for (const retention of [{ mode: "count", keep: 30 }, { mode: "days", days: 90 }, { mode: "gfs", daily: 7, weekly: 4, monthly: 12, yearly: 0 }]) {
      expect(ZJobFields.parse({ ...base, retention }).retention).toEqual(retention);
    }
    expect(Object.keys(issues({ ...base, retention: { mode: "count", keep: 0 } }))).toEqual(["retention.keep"]);
    expect(Object.keys(issues({ ...base, retention: { mode: "days", days: 1.5 } }))).toEqual(["retention.days"]);
    expect(Object.keys(issues({ ...base, retention: { mode: "gfs", daily: -1, weekly: 4, monthly: 12, yearly: 0 } }))).toEqual(["retention.daily"]);
  });

  it("takes a time limit of one minute to one week", () => {
    expect(ZJobFields.parse({ ...base, timeoutSeconds: 3600 }).timeoutSeconds).toBe(3600);
    expect(Object.keys(issues({ ...base, timeoutSeconds: 59 }))).toEqual(["timeoutSeconds"]);
    expect(Object.keys(issues({ ...base, timeoutSeconds: 7 * 24 * 3600 + 1 }))).toEqual(["timeoutSeconds"]);
  });

  it("trims the schedule and bounds its length (the cron itself is checked by the service)", () => {
    expect(ZJobFields.parse({ ...base, schedule: "  0 2 * * *  " }).schedule).toBe("0 2 * * *");
    expect(Object.keys(issues({ ...base, schedule: "*".repeat(121) }))).toEqual(["schedule"]);
  });
});

describe("ZUpdateJob", () => {
  it("is ZJobFields plus the job id, with the same cross-field rules", () => {
    expect(ZUpdateJob.parse({ ...base, id: "job-1" })).toMatchObject({ id: "job-1", name: "Nightly", compression: "zstd" });
    expect(Object.keys(issues({ ...base }, ZUpdateJob))).toEqual(["id"]);
    expect(issues({ ...base, id: "job-1", compression: "gzip", compressionLevel: 10 }, ZUpdateJob)).toEqual({ compressionLevel: "gzip levels go from 1 to 9" });
  });
});

describe("stored JSON columns", () => {
  it("parse what was stored, and fall back to safe defaults on anything else", () => {
    expect(parseDatabases('{"mode":"pick","names":["a","b"]}')).toEqual({ mode: "pick", names: ["a", "b"] });
    expect(parseDatabases("not json")).toEqual({ mode: "all" });
    expect(parseDatabases('{"mode":"pick","names":[]}')).toEqual({ mode: "all" });
    expect(parseRetention('{"mode":"days","days":14}')).toEqual({ mode: "days", days: 14 });
    expect(parseRetention('{"mode":"count","keep":-3}')).toEqual({ mode: "count", keep: 7 });
  });
});

describe("an impossible retention is refused with a clear message", () => {
  it("refuses keep-last 0, keep 0 days and GFS with every tier at 0", async () => {
    const { ZRetention } = await import("@/lib/retention/policy");
    expect(ZRetention.safeParse({ mode: "count", keep: 0 }).success).toBe(false);
    expect(ZRetention.safeParse({ mode: "days", days: 0 }).success).toBe(false);
    const gfs = ZRetention.safeParse({ mode: "gfs", daily: 0, weekly: 0, monthly: 0, yearly: 0 });
    expect(gfs.success).toBe(false);
    expect(gfs.error?.issues[0]?.message).toMatch(/at least one backup/);
    expect(ZRetention.safeParse({ mode: "gfs", daily: 0, weekly: 4, monthly: 0, yearly: 0 }).success).toBe(true);
  });
});
