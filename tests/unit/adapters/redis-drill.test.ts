import { describe, expect, it } from "vitest";
import { databasesFromConfigReply, DEFAULT_DATABASES, noScratchReason, scratchCandidates } from "@/adapters/sources/redis/drill";
import { keyspaceFromInfo } from "@/adapters/sources/redis/info";

describe("Redis drill scratch index", () => {
  it("lists empty indexes highest first and never db0", () => {
    expect(scratchCandidates(16, [])).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const keyspace = keyspaceFromInfo("# Keyspace\r\ndb0:keys=3,expires=0,avg_ttl=0\r\ndb15:keys=1,expires=0,avg_ttl=0\r\ndb14:keys=0,expires=0,avg_ttl=0\r\ndb13:keys=9,expires=1,avg_ttl=0\r\n");
    expect(scratchCandidates(16, keyspace)[0]).toBe(14);
    expect(scratchCandidates(16, keyspace)).not.toContain(13);
    expect(scratchCandidates(16, keyspace, 3)).toEqual([14, 12, 11]);
    // Indexes other drills hold are skipped although they are still empty.
    expect(scratchCandidates(16, keyspace, 3, [14, 11])).toEqual([12, 10, 9]);
  });

  it("has nothing when every index but db0 holds keys, or the server has db0 only", () => {
    const full = [1, 2, 3].map((db) => ({ db, keys: 1, expires: 0 }));
    expect(scratchCandidates(4, full)).toEqual([]);
    expect(scratchCandidates(1, [])).toEqual([]);
    expect(noScratchReason(4, false)).toBe('db1 … db3 all hold keys (db0 is never used): empty one, or raise "databases" in the server\'s configuration');
    expect(noScratchReason(16, true)).toContain("CONFIG GET databases was refused");
    expect(noScratchReason(1, false)).toContain("db0 only");
  });

  it("reads CONFIG GET databases in RESP2 and RESP3 form", () => {
    expect(databasesFromConfigReply(["databases", "16"])).toBe(16);
    expect(databasesFromConfigReply({ databases: "64" })).toBe(64);
    expect(databasesFromConfigReply(["databases", "1000000"])).toBe(100_000);
    for (const bad of [[], null, "x", ["databases", "0"], ["databases", "abc"]]) expect(databasesFromConfigReply(bad)).toBeNull();
    expect(DEFAULT_DATABASES).toBe(16);
  });
});
