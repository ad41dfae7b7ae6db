import { describe, expect, it } from "vitest";
import { grantMatches, rightsFromGrants } from "@/adapters/sources/mysql/restore-preflight";
import { suggestRestoreName } from "@/server/services/restore/get-restore-wizard";
import { compareRestoreVersions, parseDisplayVersion } from "@/lib/restore/server-version";

describe("compareRestoreVersions", () => {
  it("PostgreSQL compares major versions only", () => {
    expect(compareRestoreVersions("postgres", "PostgreSQL 15.18", "PostgreSQL 15.2").status).toBe("ok");
    expect(compareRestoreVersions("postgres", "PostgreSQL 15.18", "PostgreSQL 17.0").status).toBe("ok");
    expect(compareRestoreVersions("postgres", "PostgreSQL 17.2", "PostgreSQL 15.18")).toMatchObject({ status: "fail", message: expect.stringMatching(/PostgreSQL 17 or newer/) });
    expect(compareRestoreVersions("postgres", "PostgreSQL 9.6.24", "PostgreSQL 9.5.1").status).toBe("fail");
    expect(compareRestoreVersions("postgres", "PostgreSQL 9.6.24", "PostgreSQL 10.1").status).toBe("ok");
  });
  it("MariaDB/MySQL compare major.minor within a product and warn across products", () => {
    expect(compareRestoreVersions("mysql", "MariaDB 10.11.19", "MariaDB 10.11.2").status).toBe("ok");
    expect(compareRestoreVersions("mysql", "MariaDB 10.11.19", "MariaDB 10.6.20").status).toBe("fail");
    expect(compareRestoreVersions("mysql", "MariaDB 10.6.4", "MariaDB 11.4.2").status).toBe("ok");
    expect(compareRestoreVersions("mysql", "MySQL 8.0.36", "MariaDB 11.4.2").status).toBe("warn");
  });
  it("Redis compares the full version (DUMP is not backward compatible)", () => {
    expect(compareRestoreVersions("redis", "Redis 7.0.15", "Redis 7.0.15").status).toBe("ok");
    expect(compareRestoreVersions("redis", "Redis 7.2.4", "Redis 7.0.15").status).toBe("fail");
    expect(compareRestoreVersions("redis", "Redis 7.0.15", "Valkey 8.0.1").status).toBe("warn");
  });
  it("SQLite always works; an unknown backup version warns", () => {
    expect(compareRestoreVersions("sqlite", "SQLite 3.45.0", "SQLite 3.40.1").status).toBe("ok");
    expect(compareRestoreVersions("postgres", null, "PostgreSQL 15.1").status).toBe("warn");
    expect(parseDisplayVersion("PostgreSQL 15.18 (Debian 15.18-0+deb12u1)")).toMatchObject({ product: "postgresql", parts: [15, 18] });
  });
});

describe("MariaDB grants", () => {
  it("matches database patterns with wildcards and escapes", () => {
    expect(grantMatches("*", "x")).toBe(true);
    expect(grantMatches("app\\_%", "app_one")).toBe(true);
    expect(grantMatches("app\\_%", "appXone")).toBe(false);
    expect(grantMatches("a_c", "abc")).toBe(true);
  });
  it("derives create/overwrite rights from SHOW GRANTS", () => {
    expect(rightsFromGrants(["GRANT ALL PRIVILEGES ON *.* TO `root`@`%` WITH GRANT OPTION"], "x")).toEqual({ canCreate: true, canOverwrite: true });
    expect(rightsFromGrants(["GRANT USAGE ON *.* TO `u`@`%`", "GRANT SELECT, LOCK TABLES ON `prod`.* TO `u`@`%`"], "prod")).toEqual({ canCreate: false, canOverwrite: false });
    expect(rightsFromGrants(["GRANT USAGE ON *.* TO `u`@`%`", "GRANT CREATE, DROP, INSERT, ALTER ON `scratch\\_%`.* TO `u`@`%`"], "scratch_1")).toEqual({ canCreate: true, canOverwrite: true });
    expect(rightsFromGrants(["GRANT ALL PRIVILEGES ON `other`.* TO `u`@`%`"], "prod").canCreate).toBe(false);
  });
});

describe("suggestRestoreName", () => {
  const at = new Date(Date.UTC(2025, 2, 4, 5, 6));
  it("adds _restored_<stamp>, cut to 63 characters; Redis picks another index on the original", () => {
    expect(suggestRestoreName("postgres", "orders", true, at)).toBe("orders_restored_20250304_0506");
    expect(suggestRestoreName("postgres", "x".repeat(80), true, at)).toHaveLength(63);
    expect(suggestRestoreName("redis", "db3", true, at)).toBe("db15");
    expect(suggestRestoreName("redis", "db15", true, at)).toBe("db14");
    expect(suggestRestoreName("redis", "db3", false, at)).toBe("db3");
  });
});
