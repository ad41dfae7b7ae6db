import { describe, expect, it } from "vitest";
import { checkSqlError, normalizeCheckSql } from "@/lib/drills/check-sql";

describe("a drill check is one reading query", () => {
  it.each([
    "SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'",
    "select 1;",
    "SELECT 1 ;  \n",
    "  -- recent orders\n  SELECT count(*) FROM orders",
    "/* note */ (SELECT 1) UNION (SELECT 2)",
    "WITH r AS (SELECT 1 AS x) SELECT x FROM r",
    "VALUES (1)",
    "TABLE counts",
    "SELECT count(*) FROM `order-items`",
  ])("accepts %j", (sql) => expect(checkSqlError(sql)).toBeNull());

  it.each([
    ["", /Write the query/],
    [" ; ", /Write the query/],
    ["SELECT 1; DROP TABLE orders", /one query/],
    ["COMMIT; CREATE TABLE x (i int); SELECT 1", /one query/],
    ["SELECT ';'", /one query/],
    // MySQL: \' does not end the string there, so only refusing every ';' is safe
    ["SELECT '\\''; DROP TABLE t; -- '", /one query/],
    ["INSERT INTO t VALUES (1)", /start it with SELECT/],
    ["DELETE FROM orders", /start it with SELECT/],
    ["CREATE DATABASE x", /start it with SELECT/],
    ["COPY t TO PROGRAM 'id'", /start it with SELECT/],
    ["-- SELECT\nDROP TABLE t", /start it with SELECT/],
    ["SELECTED", /start it with SELECT/],
    ["SELECT * FROM t INTO OUTFILE '/tmp/x'", /write files/],
    ["SELECT 1 into  dumpfile '/tmp/x'", /write files/],
    ["SELECT 1 /*!50000 , sleep(1) */", /executable comments/],
  ])("refuses %j", (sql, message) => expect(checkSqlError(sql)).toMatch(message));

  it("sends the query without its trailing semicolons", () => {
    expect(normalizeCheckSql("  SELECT 1 ;; \n")).toBe("SELECT 1");
  });
});
