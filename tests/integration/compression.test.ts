/**
 * zstd through the real `zstd` CLI, and interoperability of what Bunker writes with the standard tools
 * (`zstd -d`, `gunzip`): a backup must be restorable by hand without Bunker.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { createCompressor, createDecompressor, ZstdStream, zstdAvailable } from "@/lib/compression";
import { createByteMeter, createHashTap } from "@/lib/streams";

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Deterministic SQL-dump-like text: DDL, then INSERT rows with varied values (compresses like a real dump). */
const sqlLikeText = (bytes: number): Buffer => {
  let seed = 0x2545f491;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"];
  const parts: string[] = [
    "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n\n",
    "CREATE TABLE public.orders (\n    id bigint NOT NULL,\n    customer_email text NOT NULL,\n    total numeric(12,2),\n    status text,\n    note text,\n    created_at timestamp with time zone\n);\n\n",
  ];
  let size = parts.reduce((n, p) => n + p.length, 0);
  let id = 1;
  while (size < bytes) {
    const note = Array.from({ length: 1 + (rnd() % 6) }, () => words[rnd() % words.length]).join(" ");
    const line = `INSERT INTO public.orders VALUES (${id++}, 'user${rnd() % 100_000}@example.com', ${rnd() % 1_000_000}.${String(rnd() % 100).padStart(2, "0")}, '${["paid", "pending", "refunded"][rnd() % 3]}', '${note}', '2024-${String(1 + (rnd() % 12)).padStart(2, "0")}-${String(1 + (rnd() % 28)).padStart(2, "0")} ${String(rnd() % 24).padStart(2, "0")}:${String(rnd() % 60).padStart(2, "0")}:00+00');\n`;
    parts.push(line);
    size += line.length;
  }
  return Buffer.from(parts.join("")).subarray(0, bytes);
};

/** `data` in 64 KiB slices, like a dump tool's stdout */
const sliced = (data: Buffer, size = 64 * 1024) => {
  let o = 0;
  return new Readable({
    read() {
      if (o >= data.length) this.push(null);
      else {
        this.push(data.subarray(o, o + size));
        o += size;
      }
    },
  });
};

const collector = () => {
  const parts: Buffer[] = [];
  return {
    stream: new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(c);
        cb();
      },
    }),
    data: () => Buffer.concat(parts),
  };
};

/** Pipes `input` through a CLI (argv, no shell) and returns the sha256 of its stdout. */
const cliSha256 = (cmd: string, args: string[], input: Buffer) =>
  new Promise<{ code: number | null; sha: string; stderr: string }>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    const hash = createHash("sha256");
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => hash.update(c));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, sha: hash.digest("hex"), stderr }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });

const cliOutput = (cmd: string, args: string[], input: Buffer) =>
  new Promise<Buffer>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "inherit"] });
    const parts: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => parts.push(c));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(parts)) : reject(new Error(`${cmd} exited ${code}`))));
    child.stdin.end(input);
  });

const isGone = (pid: number): boolean => {
  try {
    process.kill(pid, 0); // succeeds for a running process AND for an unreaped zombie
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
};

let text50: Buffer;
let text50Sha: string;

beforeAll(() => {
  text50 = sqlLikeText(50 * MiB);
  text50Sha = sha256(text50);
});

describe("zstdAvailable", () => {
  it("is true with the installed zstd, false for a binary that does not exist", async () => {
    expect(await zstdAvailable()).toBe(true);
    expect(await zstdAvailable({ binary: "/nonexistent/zstd" })).toBe(false);
    expect(await zstdAvailable({ binary: "false" })).toBe(false); // runs, but exits 1
  });
});

describe("zstd through the CLI", () => {
  it("round-trips 50 MiB of SQL-like text (compressor → decompressor), smaller in between", { timeout: 60_000 }, async () => {
    const rawMeter = createByteMeter();
    const storedMeter = createByteMeter();
    const storedHash = createHashTap();
    const outHash = createHashTap();
    const c = createCompressor("zstd");
    const d = createDecompressor("zstd");
    await pipeline(sliced(text50), rawMeter, c.stream, storedMeter, storedHash, d.stream, outHash, collector().stream);
    await expect(c.done).resolves.toBeUndefined();
    await expect(d.done).resolves.toBeUndefined();
    expect(rawMeter.bytes).toBe(50 * MiB);
    expect(outHash.digest()).toBe(text50Sha);
    expect(outHash.bytes).toBe(50 * MiB);
    expect(storedMeter.bytes).toBeLessThan(rawMeter.bytes / 3);
    expect(storedHash.digest()).not.toBe(text50Sha);
  });

  it("writes output the zstd CLI decodes (zstd -d), and decodes what the CLI wrote", { timeout: 60_000 }, async () => {
    const c = createCompressor("zstd");
    const out = collector();
    await pipeline(sliced(text50), c.stream, out.stream);
    const compressed = out.data();
    expect(compressed.readUInt32LE(0)).toBe(0xfd2fb528); // zstd frame magic
    const viaCli = await cliSha256("zstd", ["-d", "-c"], compressed);
    expect(viaCli.code).toBe(0);
    expect(viaCli.sha).toBe(text50Sha);

    const fromCli = await cliOutput("zstd", ["-c", "-9"], text50);
    const d = createDecompressor("zstd");
    const back = createHashTap();
    await pipeline(sliced(fromCli), d.stream, back, collector().stream);
    expect(back.digest()).toBe(text50Sha);
  });

  it("honours the level (19 compresses more than 1)", { timeout: 60_000 }, async () => {
    const input = text50.subarray(0, 4 * MiB);
    const sizeAt = async (level: number) => {
      const m = createByteMeter();
      await pipeline(sliced(input), createCompressor("zstd", level).stream, m, collector().stream);
      return m.bytes;
    };
    expect(await sizeAt(19)).toBeLessThan(await sizeAt(1));
    expect(() => createCompressor("zstd", 22)).toThrow(RangeError);
  });

  it("handles an empty input (a valid empty frame that decodes to nothing)", async () => {
    const c = createCompressor("zstd");
    const out = collector();
    await pipeline(Readable.from([], { objectMode: false }), c.stream, out.stream);
    expect((await cliSha256("zstd", ["-d", "-c"], out.data())).sha).toBe(sha256(Buffer.alloc(0)));
  });
});

describe("zstd failures are errors, never a clean end", () => {
  const decodeExpectingError = async (input: Buffer) => {
    const d = createDecompressor("zstd");
    let ended = false;
    d.stream.on("end", () => (ended = true));
    const err = await pipeline(sliced(input), d.stream, collector().stream).then(
      () => undefined,
      (e: unknown) => e as Error & { stderr?: string; code?: string },
    );
    await expect(d.done).rejects.toBeInstanceOf(Error);
    return { err, ended };
  };

  it("a non-zstd input errors with zstd's own message", async () => {
    const { err, ended } = await decodeExpectingError(Buffer.from("this is not a zstd frame at all\n".repeat(100)));
    expect(err?.message).toMatch(/zstd decompression failed \(exit code 1\)/);
    expect(err?.message).toMatch(/unsupported format/);
    expect(err?.code).toBe("ZSTD_FAILED");
    expect(ended).toBe(false);
  });

  it("corruption in the middle errors with zstd's message", { timeout: 60_000 }, async () => {
    const compressed = await cliOutput("zstd", ["-c", "-3"], text50.subarray(0, 8 * MiB));
    const corrupt = Buffer.from(compressed);
    const mid = corrupt.length >> 1;
    for (let i = mid; i < mid + 64; i++) corrupt[i] = corrupt[i]! ^ 0xff;
    const { err, ended } = await decodeExpectingError(corrupt);
    expect(err?.message).toMatch(/exit code 1/);
    // "Data corruption detected" or "Restored data doesn't match checksum", depending on the bytes hit
    expect(err?.message).toMatch(/Decoding error .*(corrupt|checksum)/i);
    expect(err?.stderr && err.message.includes(err.stderr.replace(/\s+/g, " ").trim())).toBe(true);
    expect(ended).toBe(false);
  });

  it("a truncated input (output already flowing) errors instead of ending", { timeout: 60_000 }, async () => {
    const compressed = await cliOutput("zstd", ["-c", "-3"], text50.subarray(0, 8 * MiB));
    const { err, ended } = await decodeExpectingError(compressed.subarray(0, compressed.length - 1000));
    expect(err?.message).toMatch(/premature end|truncated/i);
    expect(ended).toBe(false);
  });

  it("a tool that exits 0 without reading its input is an error (early exit)", async () => {
    const s = new ZstdStream("decompress", [], { binary: "true" });
    const err = await pipeline(sliced(text50.subarray(0, 4 * MiB)), s, collector().stream).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err?.code).toBe("ZSTD_EARLY_EXIT");
    expect(err?.message).toMatch(/exited before reading all of its input/);
  });

  it("a missing binary gives a clear 'zstd is not installed'", async () => {
    for (const codec of [createCompressor("zstd", 3, { binary: "/nonexistent/zstd" }), createDecompressor("zstd", { binary: "/nonexistent/zstd" })]) {
      const err = await pipeline(sliced(text50.subarray(0, MiB)), codec.stream, collector().stream).then(
        () => undefined,
        (e: unknown) => e as Error & { code?: string },
      );
      expect(err?.message).toMatch(/^zstd is not installed/);
      expect(err?.code).toBe("ZSTD_NOT_INSTALLED");
      await expect(codec.done).rejects.toThrow(/zstd is not installed/);
    }
  });
});

describe("destroying a zstd stream kills its child", () => {
  const waitUntil = async (cond: () => boolean, ms: number) => {
    const t0 = Date.now();
    while (!cond() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 10));
    return cond();
  };

  it("mid-stream: the child is killed and reaped (no zombie), done rejects", async () => {
    const c = createCompressor("zstd");
    const s = c.stream as ZstdStream;
    const pid = s.pid;
    expect(pid).toBeGreaterThan(0);
    c.stream.resume();
    await new Promise<void>((r) => c.stream.write(text50.subarray(0, MiB), () => r()));
    expect(isGone(pid!)).toBe(false);
    c.stream.destroy();
    const exit = await s.exited;
    expect(exit.signal).toBe("SIGTERM");
    expect(await waitUntil(() => isGone(pid!), 2000)).toBe(true);
    expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
    await expect(c.done).rejects.toThrow();
  });

  it("while backpressured (nobody reads its output) it is still killed and reaped", { timeout: 30_000 }, async () => {
    const c = createCompressor("zstd", 1);
    const s = c.stream as ZstdStream;
    const pid = s.pid!;
    // Nothing reads the readable side: zstd blocks on its full stdout pipe, and our writes back up.
    for (let i = 0; i < 40; i++) c.stream.write(text50.subarray(i * MiB, (i + 1) * MiB));
    await new Promise((r) => setTimeout(r, 300));
    expect(c.stream.writableNeedDrain).toBe(true);
    expect(isGone(pid)).toBe(false);
    c.stream.destroy(new Error("run cancelled"));
    await s.exited;
    expect(await waitUntil(() => isGone(pid), 2000)).toBe(true);
    await expect(c.done).rejects.toThrow("run cancelled");
  });
});

describe("gzip output is standard gzip", () => {
  it("the gunzip CLI decodes what createCompressor('gzip') wrote (50 MiB SQL-like text)", { timeout: 60_000 }, async () => {
    const c = createCompressor("gzip");
    const out = collector();
    await pipeline(sliced(text50), c.stream, out.stream);
    await c.done;
    const r = await cliSha256("gunzip", ["-c"], out.data());
    expect(r.code).toBe(0);
    expect(r.sha).toBe(text50Sha);
  });

  it("createDecompressor('gzip') decodes what the gzip CLI wrote", { timeout: 60_000 }, async () => {
    const compressed = await cliOutput("gzip", ["-c", "-6"], text50.subarray(0, 16 * MiB));
    const d = createDecompressor("gzip");
    const back = createHashTap();
    await pipeline(sliced(compressed), d.stream, back, collector().stream);
    expect(back.digest()).toBe(sha256(text50.subarray(0, 16 * MiB)));
  });
});
