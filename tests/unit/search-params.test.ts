import { describe, expect, it } from "vitest";
import { firstParam, hrefWithParams } from "@/lib/search-params";

describe("search params", () => {
  it("firstParam takes the first of a repeated param and treats an empty one as absent", () => {
    expect(firstParam(["a", "b"])).toBe("a");
    expect(firstParam("x")).toBe("x");
    expect(firstParam("")).toBeUndefined();
    expect(firstParam([])).toBeUndefined();
    expect(firstParam(undefined)).toBeUndefined();
  });

  it("hrefWithParams keeps only params with a value, and gives the bare path when none has", () => {
    expect(hrefWithParams("/storage", { jobId: "j1", engine: undefined, database: "" })).toBe("/storage?jobId=j1");
    expect(hrefWithParams("/history", { before: "2026-01-01T00:00:00Z", status: "Failed" })).toBe("/history?before=2026-01-01T00%3A00%3A00Z&status=Failed");
    expect(hrefWithParams("/history", {})).toBe("/history");
  });
});
