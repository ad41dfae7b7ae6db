import { describe, expect, it } from "vitest";
import { artifactExtension, backupKeys, manifestKeyFor, sanitizeKeyPart, utcDate, utcTimestamp } from "@/lib/backup/keys";
import { assertObjectKey } from "@/adapters/destinations/object-key";

describe("backup keys", () => {
  const at = new Date("2026-11-23T19:45:00.789Z");

  it("follows <slug>/<YYYY-MM-DD>/<slug>_<db>_<UTC ts>.<ext>[.zst|.gz][.age] plus .manifest.json", () => {
    expect(backupKeys({ jobSlug: "prod", database: "orders", at, dumpExtension: "dump", compression: "zstd", encrypted: true })).toEqual({
      key: "prod/2026-11-23/prod_orders_20261123T194500Z.dump.zst.age",
      manifestKey: "prod/2026-11-23/prod_orders_20261123T194500Z.dump.zst.age.manifest.json",
    });
    expect(backupKeys({ jobSlug: "prod", database: "orders", at, dumpExtension: "sql", compression: "gzip", encrypted: false }).key).toBe(
      "prod/2026-11-23/prod_orders_20261123T194500Z.sql.gz",
    );
    expect(backupKeys({ jobSlug: "prod", database: "db0", at, dumpExtension: "jsonl", compression: "none", encrypted: true }).key).toBe(
      "prod/2026-11-23/prod_db0_20261123T194500Z.jsonl.age",
    );
  });

  it("uses UTC for the date and the time, whatever the local zone", () => {
    // 23:30 on Dec 31 in New York is already Jan 1 in UTC.
    const ny = new Date("2026-12-31T23:30:05-05:00");
    expect(utcDate(ny)).toBe("2027-01-01");
    expect(utcTimestamp(ny)).toBe("20270101T043005Z");
    expect(utcTimestamp(new Date("0999-01-02T03:04:05Z"))).toBe("09990102T030405Z");
  });

  it("sanitises the database part to [A-Za-z0-9._-]", () => {
    expect(sanitizeKeyPart("my db$1/../x")).toBe("my_db_1_.._x");
    expect(sanitizeKeyPart("Ünïcode-ok_1.2")).toBe("_n_code-ok_1.2");
    expect(sanitizeKeyPart("")).toBe("_");
    const { key } = backupKeys({ jobSlug: "j", database: "a b/c\\d\n", at, dumpExtension: "sql", compression: "none", encrypted: false });
    expect(key).toBe("j/2026-11-23/j_a_b_c_d__20261123T194500Z.sql");
    expect(() => assertObjectKey(key)).not.toThrow();
  });

  it("never produces a key a destination refuses, even from a hostile slug or database name", () => {
    for (const [jobSlug, database] of [["..", ".."], [".", "x"], ["a/b", "../../etc/passwd"], ["j", "$"]] as const) {
      const { key, manifestKey } = backupKeys({ jobSlug, database, at, dumpExtension: "sql", compression: "zstd", encrypted: true });
      expect(() => assertObjectKey(key), key).not.toThrow();
      expect(() => assertObjectKey(manifestKey), manifestKey).not.toThrow();
      expect(key.split("/")).toHaveLength(3);
    }
  });

  it("extensions and manifest keys", () => {
    expect(artifactExtension("dump", "zstd", false)).toBe(".dump.zst");
    expect(artifactExtension("sql", "gzip", true)).toBe(".sql.gz.age");
    expect(artifactExtension("sql", "none", false)).toBe(".sql");
    expect(manifestKeyFor("a/b/c.sql")).toBe("a/b/c.sql.manifest.json");
  });

  it("refuses an invalid date", () => {
    expect(() => backupKeys({ jobSlug: "j", database: "d", at: new Date("nope"), dumpExtension: "sql", compression: "none", encrypted: false })).toThrow(RangeError);
  });
});
