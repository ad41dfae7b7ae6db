import { describe, expect, it } from "vitest";
import { redisConfig } from "@/adapters/sources/redis/config";
import { databasesFromKeyspace, dbName, describeKeyspace, keyspaceFromInfo, parseDbName, serverVersionFromInfo } from "@/adapters/sources/redis/info";

const INFO_SERVER = "# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\nredis_mode:standalone\r\nos:Linux\r\n";
const VALKEY_SERVER = "# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.0.1\r\n";
const KEYSPACE = "# Keyspace\r\ndb0:keys=3,expires=1,avg_ttl=1000\r\ndb3:keys=20000,expires=40,avg_ttl=0\r\ndb12:keys=0,expires=0,avg_ttl=0\r\ndb2:keys=1,expires=0,avg_ttl=0\r\n";

describe("Redis database names", () => {
  it("maps db0 … db15 to indexes and back", () => {
    expect(parseDbName("db0")).toBe(0);
    expect(parseDbName("db15")).toBe(15);
    expect(dbName(7)).toBe("db7");
  });

  it("refuses anything that is not dbN", () => {
    for (const bad of ["0", "db", "db-1", "db01", "DB1", "db1 ", "db1;FLUSHALL", "db999999", "app"]) {
      expect(() => parseDbName(bad), bad).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    }
  });
});

describe("INFO parsing", () => {
  it("names Redis and Valkey servers", () => {
    expect(serverVersionFromInfo(INFO_SERVER)).toBe("Redis 7.0.15");
    expect(serverVersionFromInfo(VALKEY_SERVER)).toBe("Valkey 8.0.1");
    expect(serverVersionFromInfo("# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\n")).toBe("Valkey 7.2.4");
  });

  it("lists db0 plus every database with keys, in index order", () => {
    const ks = keyspaceFromInfo(KEYSPACE);
    expect(ks.map((e) => [e.db, e.keys])).toEqual([
      [0, 3],
      [2, 1],
      [3, 20000],
      [12, 0],
    ]);
    expect(databasesFromKeyspace(ks)).toEqual(["db0", "db2", "db3"]);
    expect(databasesFromKeyspace(keyspaceFromInfo("# Keyspace\r\n"))).toEqual(["db0"]);
    expect(describeKeyspace(ks)).toBe("20,004 keys in 3 databases");
    expect(describeKeyspace([])).toBe("no keys");
  });
});

describe("redis config", () => {
  it("defaults the port and TLS, and keeps username and password optional", () => {
    expect(redisConfig.parse({ host: " cache.local " })).toEqual({ host: "cache.local", port: 6379, tls: false });
    expect(redisConfig.parse({ host: "h", port: "6380", password: "pw", username: "app", tls: true })).toMatchObject({ port: 6380, password: "pw", username: "app", tls: true });
    expect(redisConfig.safeParse({ host: "" }).success).toBe(false);
    expect(redisConfig.safeParse({ host: "h", port: 70000 }).success).toBe(false);
  });
});
