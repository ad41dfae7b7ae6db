import { createHash, randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { createHashTap } from "@/lib/streams/hash-tap";

const run = async (chunks: Buffer[], algorithm?: string) => {
  const tap = createHashTap(algorithm);
  const parts: Buffer[] = [];
  await pipeline(
    Readable.from(chunks, { objectMode: false }),
    tap,
    new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(c);
        cb();
      },
    }),
  );
  return { tap, out: Buffer.concat(parts) };
};

describe("createHashTap", () => {
  it.each([
    ["empty", []],
    ["1 byte", [Buffer.from([0x42])]],
    ["many uneven chunks", [randomBytes(1), randomBytes(65_537), randomBytes(0), randomBytes(3_000_000)]],
  ])("sha256 of %s equals crypto.createHash over the same bytes, data unchanged", async (_name, chunks) => {
    const all = Buffer.concat(chunks);
    const { tap, out } = await run(chunks);
    expect(tap.digest()).toBe(createHash("sha256").update(all).digest("hex"));
    expect(tap.digest()).toMatch(/^[0-9a-f]{64}$/);
    expect(tap.bytes).toBe(all.length);
    expect(out.equals(all)).toBe(true);
  });

  it("supports other algorithms", async () => {
    const data = randomBytes(10_000);
    const { tap } = await run([data], "sha512");
    expect(tap.digest()).toBe(createHash("sha512").update(data).digest("hex"));
  });

  it("the digest is ready inside 'finish' and 'end' listeners", async () => {
    const tap = createHashTap();
    const seen: string[] = [];
    tap.on("finish", () => seen.push(`finish:${tap.digest()}`));
    tap.on("end", () => seen.push(`end:${tap.digest()}`));
    tap.resume();
    tap.end("abc");
    await new Promise((r) => tap.on("close", r));
    const expected = createHash("sha256").update("abc").digest("hex");
    expect(seen.sort()).toEqual([`end:${expected}`, `finish:${expected}`]); // their order is Node's business
  });

  it("refuses to give a digest before the stream finished", () => {
    const tap = createHashTap();
    tap.write("partial");
    expect(() => tap.digest()).toThrow(/not available before the stream has finished/);
    tap.destroy();
  });

  it("throws at once for an unknown algorithm", () => {
    expect(() => createHashTap("no-such-hash")).toThrow();
  });
});
