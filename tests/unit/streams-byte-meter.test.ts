import { randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { ByteMeter, createByteMeter } from "@/lib/streams/byte-meter";

const sourceOf = (chunks: Buffer[]) => Readable.from(chunks, { objectMode: false });

const collect = () => {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      parts.push(chunk);
      cb();
    },
  });
  return { sink, data: () => Buffer.concat(parts) };
};

describe("createByteMeter", () => {
  it("counts every byte exactly and passes the data through unchanged", async () => {
    const chunks = [1, 0, 17, 65_536, 3, 1_000_000].map((n) => randomBytes(n));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const meter = createByteMeter();
    const out = collect();
    await pipeline(sourceOf(chunks), meter, out.sink);
    expect(meter).toBeInstanceOf(ByteMeter);
    expect(meter.bytes).toBe(total);
    expect(out.data().equals(Buffer.concat(chunks))).toBe(true);
  });

  it("counts string writes by their encoded byte length", async () => {
    const meter = createByteMeter();
    const out = collect();
    const done = pipeline(meter, out.sink);
    meter.write("héllo"); // 6 bytes in UTF-8
    meter.end("€"); // 3 bytes
    await done;
    expect(meter.bytes).toBe(9);
  });

  it("reports 0 bytes for an empty stream, once, at the end (the 'dump produced nothing' check)", async () => {
    const calls: number[] = [];
    const meter = createByteMeter((b) => calls.push(b));
    await pipeline(sourceOf([]), meter, collect().sink);
    expect(meter.bytes).toBe(0);
    expect(calls).toEqual([0]);
  });

  it("calls onProgress at most once per interval, and once at the end with the total", async () => {
    let clock = 1000;
    const calls: Array<[number, number]> = [];
    const meter = createByteMeter((b) => calls.push([clock, b]), 250, { now: () => clock });
    const out = collect();
    const done = pipeline(meter, out.sink);
    const write = (n: number) => new Promise<void>((r) => meter.write(Buffer.alloc(n), () => r()));
    await write(10); // t=1000: less than 250 ms since creation → no report
    clock += 100;
    await write(10); // t=1100 → none
    clock += 150;
    await write(10); // t=1250 → report 30
    clock += 249;
    await write(10); // t=1499 → none
    clock += 1;
    await write(10); // t=1500 → report 50
    for (let i = 0; i < 100; i++) await write(1); // same instant → none
    meter.end();
    await done;
    expect(calls).toEqual([
      [1250, 30],
      [1500, 50],
      [1500, 150], // the final report
    ]);
    for (let i = 1; i < calls.length - 1; i++) expect(calls[i]![0] - calls[i - 1]![0]).toBeGreaterThanOrEqual(250);
  });

  it("reports progress with the real clock during a slow stream", async () => {
    const calls: number[] = [];
    const meter = createByteMeter((b) => calls.push(b), 20);
    const out = collect();
    const done = pipeline(meter, out.sink);
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((r) => meter.write(Buffer.alloc(100), () => r()));
      await new Promise((r) => setTimeout(r, 10));
    }
    meter.end();
    await done;
    // ~100 ms of writes at a 20 ms interval: a few reports, not one per chunk, increasing, ending at the total.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(7);
    expect(calls.at(-1)).toBe(1000);
    expect([...calls].sort((a, b) => a - b)).toEqual(calls);
  });

  it("errors the stream when onProgress throws instead of hiding the bug", async () => {
    const meter = createByteMeter(() => {
      throw new Error("progress sink broke");
    }, 0);
    await expect(pipeline(sourceOf([Buffer.from("x")]), meter, collect().sink)).rejects.toThrow("progress sink broke");
  });

  it("rejects a negative interval", () => {
    expect(() => createByteMeter(undefined, -1)).toThrow(RangeError);
  });
});
