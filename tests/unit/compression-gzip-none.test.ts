import { createHash, randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { createCompressor, createDecompressor } from "@/lib/compression";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** SQL-ish text: repetitive structure, varying values, like a real dump. */
const sqlText = (rows: number): Buffer => {
  let seed = 42;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  const lines = ["CREATE TABLE public.orders (id bigint, customer text, total numeric(10,2), note text);"];
  for (let i = 0; i < rows; i++) lines.push(`INSERT INTO public.orders VALUES (${i}, 'customer_${rnd() % 5000}', ${(rnd() % 100_000) / 100}, 'note ${rnd().toString(36)}');`);
  return Buffer.from(lines.join("\n") + "\n");
};

const run = async (input: Buffer, ...streams: NodeJS.ReadWriteStream[]): Promise<Buffer> => {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(c: Buffer, _e, cb) {
      parts.push(c);
      cb();
    },
  });
  // Feed in uneven slices, like a dump's stdout.
  const slices: Buffer[] = [];
  for (let o = 0; o < input.length; o += 7_777) slices.push(input.subarray(o, o + 7_777));
  await pipeline([Readable.from(slices, { objectMode: false }), ...streams, sink]);
  return Buffer.concat(parts);
};

describe("gzip compression (node:zlib)", () => {
  it.each([
    ["empty", Buffer.alloc(0)],
    ["1 byte", Buffer.from("x")],
    ["SQL text", sqlText(50_000)],
    ["random bytes", randomBytes(1024 * 1024)],
  ])("round-trips %s and zlib can read what it wrote", async (_name, input) => {
    const c = createCompressor("gzip");
    const d = createDecompressor("gzip");
    const compressed = await run(input, c.stream);
    await c.done;
    expect(compressed.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(true); // gzip magic
    expect(zlib.gunzipSync(compressed).equals(input)).toBe(true);
    const back = await run(compressed, d.stream);
    await d.done;
    expect(sha256(back)).toBe(sha256(input));
  });

  it("compresses SQL text well, and the level matters", async () => {
    const input = sqlText(50_000);
    const l1 = await run(input, createCompressor("gzip", 1).stream);
    const l6 = await run(input, createCompressor("gzip").stream);
    const l9 = await run(input, createCompressor("gzip", 9).stream);
    expect(l6.length).toBeLessThan(input.length / 3);
    expect(l1.length).toBeGreaterThan(l6.length);
    expect(l9.length).toBeLessThanOrEqual(l6.length);
    // default level is 6: same bytes as zlib at level 6
    expect(l6.equals(zlib.gzipSync(input, { level: 6 }))).toBe(true);
  });

  it("a corrupt gzip input errors the decompressor and rejects done", async () => {
    const good = zlib.gzipSync(sqlText(10_000));
    const corrupt = Buffer.from(good);
    for (let i = 100; i < 200; i++) corrupt[i] = corrupt[i]! ^ 0xff;
    const d = createDecompressor("gzip");
    await expect(run(corrupt, d.stream)).rejects.toThrow();
    await expect(d.done).rejects.toThrow();
  });

  it("a truncated gzip input is an error, not a clean end", async () => {
    const good = zlib.gzipSync(sqlText(10_000));
    const d = createDecompressor("gzip");
    await expect(run(good.subarray(0, good.length - 100), d.stream)).rejects.toThrow(/unexpected end/i);
    await expect(d.done).rejects.toThrow();
  });

  it("rejects levels gzip does not have", () => {
    expect(() => createCompressor("gzip", 10)).toThrow(RangeError);
    expect(() => createCompressor("gzip", -1)).toThrow(RangeError);
    expect(() => createCompressor("gzip", 2.5)).toThrow(RangeError);
    expect(() => createCompressor("gzip", 0)).not.toThrow();
  });

  it("done rejects when the stream is destroyed before it finished", async () => {
    const c = createCompressor("gzip");
    c.stream.write("some data");
    c.stream.destroy();
    await expect(c.done).rejects.toThrow();
  });
});

describe("no compression", () => {
  it("passes bytes through unchanged, both ways", async () => {
    const input = randomBytes(300_000);
    const c = createCompressor("none");
    const out = await run(input, c.stream, createDecompressor("none").stream);
    await c.done;
    expect(out.equals(input)).toBe(true);
  });

  it("ignores a level", () => {
    expect(() => createCompressor("none", 99)).not.toThrow();
  });
});

describe("unknown kinds", () => {
  it("throw a TypeError (the kind comes from the database as a string)", () => {
    expect(() => createCompressor("lz4" as never)).toThrow(TypeError);
    expect(() => createDecompressor("brotli" as never)).toThrow(TypeError);
  });
});
