import { describe, expect, it } from "vitest";
import {
  displayServerVersion,
  dumpCompatError,
  parseServerVersion,
  parseToolVersion,
  parseVersionText,
  usableClientMajors,
} from "@/adapters/sources/postgres/versions";

const v = (text: string) => {
  const parsed = parseVersionText(text);
  if (!parsed) throw new Error(text);
  return parsed;
};

describe("server versions", () => {
  it.each([
    ["150018", "15.18 (Debian 15.18-0+deb12u1)", "15", "PostgreSQL 15.18"],
    ["170010", "17.10", "17", "PostgreSQL 17.10"],
    ["90624", "9.6.24", "9.6", "PostgreSQL 9.6.24"],
    ["180000", "18beta1", "18", "PostgreSQL 18beta1"],
  ])("%s / %s → major %s, %s", (num, text, major, display) => {
    const s = parseServerVersion(num, text);
    expect(s.major).toBe(major);
    expect(displayServerVersion(s)).toBe(display);
  });

  it("refuses a version number that is not one", () => {
    expect(() => parseServerVersion("", "x")).toThrow();
    expect(() => parseServerVersion("abc", "x")).toThrow();
  });
});

describe("tool versions", () => {
  it.each([
    ["pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n", "15.18", 150018],
    ["pg_dump (PostgreSQL) 17.2", "17.2", 170002],
    ["pg_restore (PostgreSQL) 9.6.24", "9.6.24", 90624],
    ["pg_dump (PostgreSQL) 18devel", "18devel", 180000],
  ])("%j → %s", (out, text, num) => {
    expect(parseToolVersion(out)).toMatchObject({ text, num });
  });

  it("returns null for output it does not understand", () => {
    expect(parseToolVersion("bash: pg_dump: command not found")).toBeNull();
    expect(parseToolVersion("")).toBeNull();
  });
});

describe("pg_dump against a server", () => {
  it("refuses a newer server with a message naming both versions and the fix", () => {
    const msg = dumpCompatError(parseServerVersion("170010", "17.10"), v("15.18"), "/usr/bin/pg_dump");
    expect(msg).toContain("PostgreSQL 17 server needs pg_dump 17 or newer; this host has pg_dump 15.18 (/usr/bin/pg_dump)");
    expect(msg).toContain("postgresql-client-17");
  });

  it.each([
    ["150018", "15.2"],
    ["150018", "17.0"],
    ["120020", "15.18"],
    ["90624", "15.18"],
    ["160004", "16.1"],
  ])("server %s with pg_dump %s works", (num, tool) => {
    expect(dumpCompatError(parseServerVersion(num, "x"), v(tool), "pg_dump")).toBeNull();
  });

  it("a minor release difference inside one major is fine, a major step is not", () => {
    expect(dumpCompatError(parseServerVersion("160009", "16.9"), v("16.1"), "pg_dump")).toBeNull();
    expect(dumpCompatError(parseServerVersion("160009", "16.9"), v("15.18"), "pg_dump")).not.toBeNull();
    expect(dumpCompatError(parseServerVersion("100001", "10.1"), v("9.6.24"), "pg_dump")).not.toBeNull();
  });
});

describe("choosing a versioned client dir", () => {
  const server = (major: number) => parseServerVersion(String(major * 10000 + 3), `${major}.3`);

  it("prefers the highest installed major that can handle the server", () => {
    expect(usableClientMajors([13, 15, 17], server(15))).toEqual([17, 15]);
    expect(usableClientMajors([16, 17, 15], server(16))).toEqual([17, 16]);
  });

  it("has nothing when every installed client is too old (falls back to PATH)", () => {
    expect(usableClientMajors([13, 15], server(17))).toEqual([]);
    expect(usableClientMajors([], server(15))).toEqual([]);
  });

  it("without a known server every installed major qualifies, highest first", () => {
    expect(usableClientMajors([13, 17, 15])).toEqual([17, 15, 13]);
  });
});
