import { describe, expect, it } from "vitest";
import { describeDatabase, dumpEndProblem, endsWithCommit, formatBytes, parseHealthOutput, parseSqliteVersion, sqliteError } from "@/adapters/sources/sqlite/cli-output";

describe("sqlite3 CLI output", () => {
  it("reads the version", () => {
    expect(parseSqliteVersion("3.40.1 2022-12-28 14:03:47 df5c253c0b3dd24916e4ec7cf77d3db5294cc9fd45ae7b9c5e82ad8197f3alt1\n")).toBe("3.40.1");
    expect(parseSqliteVersion("3.8 2013\n")).toBe("3.8");
    expect(parseSqliteVersion("Error: unknown option\n")).toBeNull();
  });

  it("reads the health probe: quick_check rows, then the table count", () => {
    expect(parseHealthOutput("ok\ntables=12\n")).toEqual({ ok: true, problems: [], tables: 12 });
    expect(parseHealthOutput("*** in database main ***\nPage 3: btreeInitPage() returns error code 11\ntables=2\n")).toMatchObject({
      ok: false,
      problems: ["*** in database main ***", "Page 3: btreeInitPage() returns error code 11"],
      tables: 2,
    });
    expect(parseHealthOutput("")).toMatchObject({ ok: false, tables: null });
  });

  it("accepts only a dump that ended with COMMIT", () => {
    expect(dumpEndProblem("INSERT INTO t VALUES(1);\nCOMMIT;\n")).toBeNull();
    expect(dumpEndProblem("INSERT INTO t VALUES('/**** ERROR: (1) fake *****/');\nCOMMIT;\n")).toBeNull();
    expect(dumpEndProblem("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n/**** ERROR: (26) file is not a database *****/\nROLLBACK; -- due to errors\n")).toBe("(26) file is not a database");
    expect(dumpEndProblem("…lots of rows…\nROLLBACK; -- due to errors\n")).toBe("the dump was rolled back because of errors");
    expect(dumpEndProblem("INSERT INTO t VALUES(1);\n")).toBe("the dump did not end with COMMIT");
    expect(endsWithCommit("COMMIT;\n\n")).toBe(true);
    expect(endsWithCommit("COMMIT;\nINSERT INTO t VALUES(1);\n")).toBe(false);
  });

  it("turns sqlite3 errors into codes the UI can act on", () => {
    const f = "/srv/app.db";
    const fb = { code: "TOOL_FAILED" as const, prefix: "sqlite3 exited with code 1" };
    expect(sqliteError("Error: in prepare, file is not a database (26)", f, fb)).toMatchObject({ code: "INVALID_INPUT", message: "/srv/app.db is not an SQLite database (or it is encrypted)" });
    expect(sqliteError("Error: database disk image is malformed (11)", f, fb)).toMatchObject({ code: "FAILED", message: expect.stringMatching(/corrupt/) });
    expect(sqliteError("Error: database is locked (5)", f, fb).message).toMatch(/locked/);
    expect(sqliteError('Error: unable to open database "/srv/app.db": unable to open database file', f, fb).code).toBe("NOT_FOUND");
    expect(sqliteError("something else entirely", f, fb)).toMatchObject({ code: "TOOL_FAILED", message: "sqlite3 exited with code 1: something else entirely" });
  });

  it("describes a database in one line", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(3_200_000)).toBe("3.2 MB");
    expect(formatBytes(123_456_789)).toBe("123 MB");
    expect(formatBytes(5e12)).toBe("5.0 TB");
    expect(describeDatabase(12, 3_200_000)).toBe("12 tables, 3.2 MB");
    expect(describeDatabase(1, 4096)).toBe("1 table, 4.1 kB");
  });
});
