import { describe, expect, it } from "vitest";
import { mysqlToolError, parseBatchRows } from "@/adapters/sources/mysql/client";
import { classifyMysqlError, essentialLine } from "@/adapters/sources/mysql/classify";

const ctx = { host: "127.0.0.1", port: 43151, user: "root", tool: "mariadb" };

// Real stderr captured from the MariaDB 10.11 clients on this host (plus two documented server errors).
const SAMPLES = {
  wrongPassword: "ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)",
  noPassword: "ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: NO)",
  refused: "ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)",
  unknownHost: "ERROR 2005 (HY000): Unknown server host 'nonexist.invalid' (-2)",
  unknownDb: "ERROR 1049 (42000): Unknown database 'nope'",
  dumpUnknownDb: `mariadb-dump: Got error: 1049: "Unknown database 'nope'" when selecting the database`,
  tls: "ERROR 2026 (HY000): TLS/SSL error: SSL is required, but the server does not support it",
  dbDenied: "ERROR 1044 (42000): Access denied for user 'bk'@'%' to database 'secret'",
  hostDenied: "ERROR 1130 (HY000): Host '10.0.0.9' is not allowed to connect to this MariaDB server",
  syntax: "ERROR 1064 (42000) at line 12: You have an error in your SQL syntax; check the manual near 'INSER' at line 1",
};

describe("client errors become one clear line", () => {
  it.each([
    ["wrongPassword", "AUTH_FAILED", "wrong password for user root on 127.0.0.1:43151"],
    ["noPassword", "AUTH_FAILED", "user root needs a password"],
    ["refused", "UNREACHABLE", "cannot reach 127.0.0.1:43151: connection refused"],
    ["unknownHost", "UNREACHABLE", 'unknown host name "127.0.0.1"'],
    ["unknownDb", "NOT_FOUND", "database nope does not exist on 127.0.0.1:43151"],
    ["dumpUnknownDb", "NOT_FOUND", "database nope does not exist"],
    ["tls", "FAILED", "SSL is required"],
    ["dbDenied", "PERMISSION_DENIED", "may not use database secret"],
    ["hostDenied", "PERMISSION_DENIED", "10.0.0.9"],
  ] as const)("%s → %s", (sample, code, text) => {
    const c = classifyMysqlError(SAMPLES[sample], ctx);
    expect(c?.code).toBe(code);
    expect(c?.message).toContain(text);
  });

  it("leaves SQL errors to the caller (stderr tail)", () => {
    expect(classifyMysqlError(SAMPLES.syntax, ctx)).toBeNull();
    expect(essentialLine(SAMPLES.syntax)).toMatch(/^You have an error in your SQL syntax/);
    expect(essentialLine(SAMPLES.dumpUnknownDb)).toBe("Unknown database 'nope' when selecting the database");
  });
});

describe("batch output", () => {
  it("splits rows and fields and unescapes values", () => {
    expect(parseBatchRows("a\tb\nc\\td\te\\\\f\\ng\n")).toEqual([
      ["a", "b"],
      ["c\td", "e\\f\ng"],
    ]);
    expect(parseBatchRows("")).toEqual([]);
  });
});

describe("tool failures", () => {
  it("a failed restore names the client's ERROR line, not the echoed statement", () => {
    const stderr = `--------------\nINSERT INTO t VALUES (0x${"ab".repeat(100_000)})\n--------------\n\nERROR 1136 (21S01) at line 67: Column count doesn't match value count at row 1`;
    const e = mysqlToolError(stderr, ctx, { code: "TOOL_FAILED", prefix: "mariadb exited with code 1" });
    expect(e.code).toBe("TOOL_FAILED");
    expect(e.message).toBe("mariadb exited with code 1: ERROR 1136 (21S01) at line 67: Column count doesn't match value count at row 1");
  });

  it("connection failures keep their own code even from the dump tool", () => {
    const e = mysqlToolError(SAMPLES.dumpUnknownDb, ctx, { code: "TOOL_FAILED", prefix: "mariadb-dump exited with code 2" });
    expect(e.code).toBe("NOT_FOUND");
  });
});
