import { describe, expect, it } from "vitest";
import { displayServerVersion, parseClientVersion, parseServerVersion } from "@/adapters/sources/mysql/versions";

describe("server versions from SELECT VERSION()", () => {
  it.each([
    ["10.11.19-MariaDB-0+deb12u1", "MariaDB 10.11.19"],
    ["11.4.2-MariaDB-ubu2404-log", "MariaDB 11.4.2"],
    ["5.5.5-10.6.4-MariaDB", "MariaDB 10.6.4"],
    ["8.0.36", "MySQL 8.0.36"],
    ["8.0.36-0ubuntu0.22.04.1", "MySQL 8.0.36"],
    ["5.7.44-log", "MySQL 5.7.44"],
    ["8.4.0\n", "MySQL 8.4.0"],
  ])("%j → %s", (version, display) => {
    expect(displayServerVersion(parseServerVersion(version))).toBe(display);
  });
});

describe("client tool versions", () => {
  it.each([
    ["mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)", "mariadb", "10.11.19"],
    ["mariadb  Ver 15.1 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64) using  EditLine wrapper", "mariadb", "10.11.19"],
    ["mariadb-dump from 11.4.2-MariaDB, client 10.19 for Linux (x86_64)", "mariadb", "11.4.2"],
    ["mysqldump  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)", "mysql", "8.0.36"],
    ["mysqldump  Ver 10.13 Distrib 5.7.44, for Linux (x86_64)", "mysql", "5.7.44"],
  ])("%j → %s %s", (out, flavor, text) => {
    expect(parseClientVersion(out)).toEqual({ flavor, text });
  });

  it("returns null for output it does not understand", () => {
    expect(parseClientVersion("")).toBeNull();
    expect(parseClientVersion("something else")).toBeNull();
  });
});
