import { describe, expect, it } from "vitest";
import { LineSplitter } from "@/adapters/sources/redis/line-splitter";

const split = (chunks: string[], max?: number) => {
  const s = new LineSplitter(max);
  const lines = chunks.flatMap((c) => s.push(Buffer.from(c)).map((b) => b.toString()));
  return { lines, rest: s.end().toString() };
};

describe("LineSplitter", () => {
  it("returns complete lines only, across any chunk boundaries", () => {
    expect(split(["ab", "c\nde", "f\n\ng"])).toEqual({ lines: ["abc", "def", ""], rest: "g" });
    expect(split(["a\n", "b\n"])).toEqual({ lines: ["a", "b"], rest: "" });
    expect(split(["\n\n"])).toEqual({ lines: ["", ""], rest: "" });
    expect(split([])).toEqual({ lines: [], rest: "" });
  });

  it("strips \\r of CRLF line ends, also when \\r and \\n arrive in different chunks", () => {
    expect(split(["a\r\nb\r", "\nc\r"])).toEqual({ lines: ["a", "b"], rest: "c" });
  });

  it("joins a long line from many chunks and keeps binary bytes", () => {
    const s = new LineSplitter();
    const parts = Array.from({ length: 100 }, (_, i) => Buffer.from([0x80 + (i % 0x7f), 0xff, 0x00]));
    for (const p of parts) expect(s.push(p)).toEqual([]);
    const [line] = s.push(Buffer.from("\n"));
    expect(line?.equals(Buffer.concat(parts))).toBe(true);
  });

  it("refuses a line longer than the limit instead of buffering without end", () => {
    const s = new LineSplitter(10);
    s.push(Buffer.from("12345"));
    expect(() => s.push(Buffer.from("678901"))).toThrow(/longer than/);
    expect(() => new LineSplitter(10).push(Buffer.from("12345678901\n"))).toThrow(/longer than/);
    expect(new LineSplitter(10).push(Buffer.from("1234567890\n"))).toHaveLength(1);
  });
});
