import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { fanOut } from "@/lib/streams/fan-out";

const MiB = 1024 * 1024;

describe("fanOut keeps memory bounded", () => {
  it("streams 512 MiB through 3 sinks (one slow) with RSS growth under 64 MiB", { timeout: 120_000 }, async () => {
    const total = 512 * MiB;
    const chunkSize = 64 * 1024;
    let produced = 0;
    // Every chunk is a fresh, fully written buffer: if anything kept them, RSS would show it.
    const source = new Readable({
      read() {
        if (produced >= total) {
          this.push(null);
          return;
        }
        const chunk = Buffer.allocUnsafe(chunkSize);
        chunk.fill(produced / chunkSize);
        produced += chunkSize;
        this.push(chunk);
      },
    });
    const counts = [0, 0, 0];
    const sink = (i: number, ack: (cb: () => void) => void) =>
      new Writable({
        write(chunk: Buffer, _e, cb) {
          counts[i]! += chunk.length;
          ack(cb);
        },
      });
    const sinks = [
      { id: "fast", stream: sink(0, (cb) => cb()) },
      { id: "next-tick", stream: sink(1, (cb) => setImmediate(cb)) },
      // the slowest: a timer hop every 16 chunks (≈ a network destination)
      { id: "slow", stream: sink(2, (cb) => (counts[2]! % (16 * chunkSize) === 0 ? setTimeout(cb, 1) : setImmediate(cb))) },
    ];

    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 10);
    try {
      const result = await fanOut(source, sinks);
      peak = Math.max(peak, process.memoryUsage.rss());
      expect(result.bytes).toBe(total);
      expect(result.outcomes.every((o) => o.ok)).toBe(true);
      expect(counts).toEqual([total, total, total]);
    } finally {
      clearInterval(sampler);
    }
    const growthMiB = (peak - baseline) / MiB;
    console.info(`fanOut 512 MiB × 3 sinks: RSS growth ${growthMiB.toFixed(1)} MiB`);
    expect(growthMiB).toBeLessThan(64);
  });
});
