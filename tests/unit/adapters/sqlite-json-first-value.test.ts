import { describe, expect, it } from "vitest";
import { firstJsonValue } from "@/adapters/sources/sqlite/json-first-value";

describe("firstJsonValue (sqlite3 -json output)", () => {
  it("is null when nothing was printed (no rows) and for SQL NULL", () => {
    expect(firstJsonValue("")).toBeNull();
    expect(firstJsonValue("\n")).toBeNull();
    expect(firstJsonValue('[{"x":null,"y":1}]\n')).toBeNull();
  });

  it("takes the first column in printed order, even when a later key looks like an integer", () => {
    // JSON.parse + Object.keys would put "1" first.
    expect(firstJsonValue(`[{"'a'":"a","1":1}]`)).toBe("a");
    expect(firstJsonValue(`[{"a":1,"a":2}]`)).toBe("1");
  });

  it("takes the first row of the first result set", () => {
    expect(firstJsonValue('[{"n":1},\n{"n":2}]\n[{"m":3}]\n')).toBe("1");
  });

  it("keeps integers digit for digit and prints reals in their shortest form", () => {
    expect(firstJsonValue('[{"9007199254740993":9007199254740993}]')).toBe("9007199254740993");
    expect(firstJsonValue('[{"n":-42}]')).toBe("-42");
    expect(firstJsonValue('[{"0.1":0.10000000000000000555}]')).toBe("0.1");
    expect(firstJsonValue('[{"2.0":2.0}]')).toBe("2");
    expect(firstJsonValue('[{"r":9.9999999999999996322e+307}]')).toBe("1e+308");
    expect(firstJsonValue('[{"r":1e999}]')).toBe("Infinity");
  });

  it("decodes strings, keys with quotes and escapes included", () => {
    expect(firstJsonValue(String.raw`[{"'a\"b\\c'":"a\"b\\c\nnl \u00e9","z":1}]`)).toBe('a"b\\c\nnl é');
    expect(firstJsonValue('[{"s":""}]')).toBe("");
    expect(firstJsonValue('[{"s":"null"}]')).toBe("null");
    expect(firstJsonValue('[{"s":"12"}]')).toBe("12");
  });

  it("fails clearly on output it does not understand", () => {
    for (const bad of ["t\n", "[1]", '[{"a":true}]', '[{"a":"unterminated}]', '[{"a" 1}]']) {
      expect(() => firstJsonValue(bad), bad).toThrow(expect.objectContaining({ code: "FAILED" }));
    }
  });
});
