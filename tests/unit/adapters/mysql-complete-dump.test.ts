import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { completeDumpGuard } from "@/adapters/sources/mysql/complete-dump";

const DUMP = Buffer.from(
  "-- MariaDB dump 10.19\nCREATE TABLE t (a int);\nINSERT INTO t VALUES (1),(2);\n".repeat(2000) +
    "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n\n-- Dump completed on 2025-01-01 10:00:00\n",
);

const run = async (data: Buffer, chunk: number): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) chunks.push(data.subarray(i, i + chunk));
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), completeDumpGuard(), async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) out.push(c);
  });
  return Buffer.concat(out);
};

describe("completeDumpGuard", () => {
  it.each([1, 7, 100, 511, 512, 513, 65536, DUMP.length])("passes a complete dump through unchanged (chunks of %i)", async (chunk) => {
    expect((await run(DUMP, chunk)).equals(DUMP)).toBe(true);
  });

  it.each([0.5, 0.99])("fails a dump cut at %f of its length", async (fraction) => {
    await expect(run(DUMP.subarray(0, Math.floor(DUMP.length * fraction)), 4096)).rejects.toMatchObject({
      code: "TOOL_FAILED",
      message: expect.stringContaining("incomplete"),
    });
  });

  it("fails an empty input and one cut right before the trailer", async () => {
    await expect(run(Buffer.alloc(0), 10)).rejects.toMatchObject({ code: "TOOL_FAILED" });
    const cut = DUMP.subarray(0, DUMP.lastIndexOf("-- Dump completed"));
    await expect(run(cut, 4096)).rejects.toMatchObject({ code: "TOOL_FAILED" });
  });

  it("holds back the tail until the end (the client cannot see it before the check)", async () => {
    const guard = completeDumpGuard(512);
    const seen: Buffer[] = [];
    guard.on("data", (c: Buffer) => seen.push(c));
    guard.write(DUMP);
    await new Promise((r) => setImmediate(r));
    expect(Buffer.concat(seen).length).toBe(DUMP.length - 512);
  });
});
