import { describe, expect, it } from "vitest";
import { classifyPgError, essentialLine } from "@/adapters/sources/postgres/classify";
import { parsePsqlRows } from "@/adapters/sources/postgres/psql";

const ctx = { host: "127.0.0.1", port: 44009, user: "postgres", tool: "psql" };

// Real stderr captured from psql/pg_dump 15 on this host.
const SAMPLES = {
  wrongPassword: 'psql: error: connection to server at "127.0.0.1", port 44009 failed: FATAL:  password authentication failed for user "postgres"',
  refused:
    'psql: error: connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?',
  unknownHost: 'psql: error: could not translate host name "nonexistent.invalid" to address: Name or service not known',
  noDatabase: 'pg_dump: error: connection to server at "127.0.0.1", port 44009 failed: FATAL:  database "nope" does not exist',
  timeout: 'psql: error: connection to server at "10.255.255.1", port 5432 failed: timeout expired',
  sslRequired: 'psql: error: connection to server at "127.0.0.1", port 44009 failed: server does not support SSL, but SSL was required',
  noPassword: 'psql: error: connection to server at "127.0.0.1", port 44009 failed: fe_sendauth: no password supplied',
  hba: 'psql: error: connection to server at "10.0.0.5", port 5432 failed: FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "bk", database "postgres", no encryption',
  versionMismatch:
    "pg_dump: error: aborting because of server version mismatch\npg_dump: detail: server version: 17.10; pg_dump version: 15.18 (Debian 15.18-0+deb12u1)",
  sqlError:
    'pg_restore: error: could not execute query: ERROR:  syntax error at or near "x"\nLINE 1: x\n        ^\nCommand was: x',
  permission: "pg_dump: error: query failed: ERROR:  permission denied for table secrets",
};

describe("libpq errors become one clear line", () => {
  it.each([
    ["wrongPassword", "AUTH_FAILED", "wrong password for user postgres"],
    ["refused", "UNREACHABLE", "cannot reach 127.0.0.1:44009: connection refused"],
    ["unknownHost", "UNREACHABLE", 'unknown host name "127.0.0.1"'],
    ["noDatabase", "NOT_FOUND", "database nope does not exist on 127.0.0.1:44009"],
    ["timeout", "UNREACHABLE", "connection timed out"],
    ["sslRequired", "FAILED", "server does not support SSL"],
    ["noPassword", "AUTH_FAILED", "user postgres needs a password"],
    ["hba", "PERMISSION_DENIED", "pg_hba.conf"],
    ["versionMismatch", "VERSION_MISMATCH", "server version mismatch"],
    ["permission", "PERMISSION_DENIED", "permission denied for table secrets"],
  ] as const)("%s → %s", (sample, code, text) => {
    const c = classifyPgError(SAMPLES[sample], ctx);
    expect(c?.code).toBe(code);
    expect(c?.message).toContain(text);
    expect(c?.message.split("\n")).toHaveLength(1);
  });

  it("leaves other tool errors to the caller (stderr tail)", () => {
    expect(classifyPgError(SAMPLES.sqlError, ctx)).toBeNull();
    expect(classifyPgError("", ctx)).toBeNull();
  });

  it("essentialLine strips the connection noise and keeps the cause", () => {
    expect(essentialLine(SAMPLES.noDatabase)).toBe('database "nope" does not exist');
    expect(essentialLine(SAMPLES.sqlError)).toBe('could not execute query: ERROR:  syntax error at or near "x"');
  });
});

describe("psql output", () => {
  it("splits NUL-terminated records into unit-separated fields", () => {
    expect(parsePsqlRows("a\x1fb\0c\x1fd\0")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(parsePsqlRows("")).toEqual([]);
    expect(parsePsqlRows("with\nnewline\0")).toEqual([["with\nnewline"]]);
  });
});
