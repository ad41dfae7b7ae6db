import { createHash, randomBytes } from "node:crypto";
import { Readable, Writable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { type AgeKeyPair, createAgeDecryptStream, createAgeEncryptStream, generateAgeKeyPair } from "@/lib/crypto/age";

const KiB = 1024;
const MiB = 1024 * KiB;

/** A lazy source of `total` bytes in `blockSize` blocks; each block is fresh and cheap to fill. */
const patternSource = (total: number, blockSize: number, onProduce?: (n: number) => void): Readable => {
  let produced = 0;
  let block = 0;
  return new Readable({
    highWaterMark: blockSize,
    read() {
      if (produced >= total) {
        this.push(null);
        return;
      }
      const n = Math.min(blockSize, total - produced);
      const buf = Buffer.allocUnsafe(n).fill(block++ & 0xff);
      buf.writeUInt32BE(block, 0);
      produced += n;
      onProduce?.(n);
      this.push(buf);
    },
  });
};

const sha256Of = (total: number, blockSize: number): string => {
  const h = createHash("sha256");
  const src = patternSource(total, blockSize);
  let chunk: Buffer | null;
  while ((chunk = src.read() as Buffer | null) !== null) h.update(chunk);
  return h.digest("hex");
};

let keys: AgeKeyPair;
beforeAll(async () => {
  keys = await generateAgeKeyPair();
});

describe("age streaming memory", () => {
  it("encrypts and decrypts 256 MiB with flat memory", { timeout: 120_000 }, async () => {
    const total = 256 * MiB;
    const block = MiB; // a large-ish writer, as a file or socket might produce
    const roundTrip = async (bytes: number, onChunk?: () => void) => {
      const h = createHash("sha256");
      let seen = 0;
      let n = 0;
      await pipeline(
        patternSource(bytes, block),
        await createAgeEncryptStream([keys.recipient]),
        createAgeDecryptStream([keys.identity]),
        new Writable({
          highWaterMark: 256 * KiB,
          write(c: Buffer, _e, cb) {
            h.update(c);
            seen += c.length;
            if (++n % 32 === 0) onChunk?.();
            cb();
          },
        }),
      );
      return { seen, digest: h.digest("hex") };
    };

    await roundTrip(32 * MiB); // warm up: JIT, pools, first GCs
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const { seen, digest } = await roundTrip(total, () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    });
    peak = Math.max(peak, process.memoryUsage().rss);
    const growthMiB = (peak - baseline) / MiB;
    console.info(`age 256 MiB round trip: rss baseline ${(baseline / MiB).toFixed(0)} MiB, peak growth ${growthMiB.toFixed(1)} MiB`);
    expect(seen).toBe(total);
    expect(digest).toBe(sha256Of(total, block));
    expect(growthMiB).toBeLessThan(64);
  });
});

describe("age streaming backpressure", () => {
  /** Pushes `total` bytes through `t` into a sink that takes ~1 ms per write; tracks what is in flight. */
  const throughSlowSink = async (t: Transform, source: (onProduce: (n: number) => void) => Readable) => {
    let produced = 0;
    let consumed = 0;
    const stats = { maxInFlight: 0, maxWritable: 0, maxReadable: 0 };
    const sample = () => {
      stats.maxInFlight = Math.max(stats.maxInFlight, produced - consumed);
      stats.maxWritable = Math.max(stats.maxWritable, t.writableLength);
      stats.maxReadable = Math.max(stats.maxReadable, t.readableLength);
    };
    await pipeline(
      source((n) => {
        produced += n;
        sample();
      }),
      t,
      new Writable({
        highWaterMark: 64 * KiB,
        write(c: Buffer, _e, cb) {
          sample();
          void sleep(1).then(() => {
            consumed += c.length;
            cb();
          });
        },
      }),
    );
    return stats;
  };

  it("encrypt: a slow reader stops the writer instead of buffering", { timeout: 60_000 }, async () => {
    const total = 16 * MiB;
    const t = await createAgeEncryptStream([keys.recipient]);
    const stats = await throughSlowSink(t, (onProduce) => patternSource(total, 64 * KiB, onProduce));
    // Without backpressure nearly all 16 MiB would be in flight; the bound is a few stream buffers.
    expect(stats.maxInFlight).toBeLessThan(2 * MiB);
    expect(stats.maxWritable).toBeLessThanOrEqual(t.writableHighWaterMark + 64 * KiB);
    expect(stats.maxReadable).toBeLessThanOrEqual(t.readableHighWaterMark + 2 * (64 * KiB + 16));
  });

  it("decrypt: a slow reader stops the writer instead of buffering", { timeout: 60_000 }, async () => {
    const pt = randomBytes(16 * MiB);
    const parts: Buffer[] = [];
    await pipeline(
      Readable.from([pt]),
      await createAgeEncryptStream([keys.recipient]),
      new Writable({
        write(c: Buffer, _e, cb) {
          parts.push(c);
          cb();
        },
      }),
    );
    const ct = Buffer.concat(parts);
    const t = createAgeDecryptStream([keys.identity]);
    const stats = await throughSlowSink(t, (onProduce) => {
      let off = 0;
      return new Readable({
        highWaterMark: 64 * KiB,
        read() {
          if (off >= ct.length) return void this.push(null);
          const piece = ct.subarray(off, off + 50_000); // deliberately not chunk-aligned
          off += piece.length;
          onProduce(piece.length);
          this.push(piece);
        },
      });
    });
    expect(stats.maxInFlight).toBeLessThan(2 * MiB);
    expect(stats.maxWritable).toBeLessThanOrEqual(t.writableHighWaterMark + 64 * KiB);
    expect(stats.maxReadable).toBeLessThanOrEqual(t.readableHighWaterMark + 2 * 64 * KiB);
  });

  it("write() returns false once the encrypt stream is full and nobody reads", async () => {
    const t = await createAgeEncryptStream([keys.recipient]);
    let writes = 0;
    while (t.write(Buffer.alloc(64 * KiB)) && writes < 10_000) writes++;
    expect(writes).toBeLessThan(16);
    expect(t.writableLength + t.readableLength).toBeLessThan(2 * MiB);
    t.destroy();
  });
});
