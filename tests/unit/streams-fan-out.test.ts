import { createHash, randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { fanOut, type FanOutResult } from "@/lib/streams/fan-out";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Fails the test instead of hanging it. */
const within = <T>(p: Promise<T>, ms: number, what = "fanOut"): Promise<T> =>
  Promise.race([p, sleep(ms, undefined, { ref: false }).then(() => Promise.reject(new Error(`${what} did not settle within ${ms} ms`)))]);

/** Serves `data` in `chunkSize` slices, counting how many chunks were pulled. */
const bufferSource = (data: Buffer, chunkSize = 64 * 1024, highWaterMark?: number) => {
  let offset = 0;
  const stats = { pulled: 0 };
  const stream = new Readable({
    highWaterMark,
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const end = Math.min(offset + chunkSize, data.length);
      stats.pulled++;
      this.push(data.subarray(offset, end));
      offset = end;
    },
  });
  return { stream, stats };
};

/** Never ends on its own. */
const infiniteSource = (chunkSize = 16 * 1024) => {
  const stats = { pulled: 0 };
  const stream = new Readable({
    read() {
      stats.pulled++;
      this.push(Buffer.alloc(chunkSize, stats.pulled & 0xff));
    },
  });
  return { stream, stats };
};

type SinkOpts = {
  /** ms to wait before acknowledging each write */
  delayMs?: number;
  /** call back with this error on the n-th write (0-based) */
  failAt?: number;
  failWith?: Error;
  /** never acknowledge a write */
  stall?: boolean;
  highWaterMark?: number;
  finalDelayMs?: number;
  finalError?: Error;
};

const hashingSink = (opts: SinkOpts = {}) => {
  const hash = createHash("sha256");
  const state = { bytes: 0, writes: 0, finalDone: false };
  const stream = new Writable({
    highWaterMark: opts.highWaterMark,
    write(chunk: Buffer, _e, cb) {
      const n = state.writes++;
      if (opts.failAt === n) {
        cb(opts.failWith ?? new Error(`sink failed at write ${n}`));
        return;
      }
      if (opts.stall) return;
      const ack = () => {
        hash.update(chunk);
        state.bytes += chunk.length;
        cb();
      };
      if (opts.delayMs) setTimeout(ack, opts.delayMs);
      else ack();
    },
    final(cb) {
      const done = () => {
        state.finalDone = true;
        cb(opts.finalError ?? null);
      };
      if (opts.finalDelayMs) setTimeout(done, opts.finalDelayMs);
      else done();
    },
  });
  return { stream, state, digest: () => hash.copy().digest("hex") };
};

const okIds = (r: FanOutResult) => r.outcomes.filter((o) => o.ok).map((o) => o.id);

describe("fanOut copies one source to every sink", () => {
  it.each([
    ["0 B", 0],
    ["1 B", 1],
    ["20 MiB", 20 * 1024 * 1024],
  ])("3 sinks receive identical bytes for %s", async (_name, size) => {
    const data = randomBytes(size);
    const { stream } = bufferSource(data, 50_000);
    // "b" acknowledges on a later tick, so its writes overlap with the others' (and its 'drain' is async)
    const sinks = ["a", "b", "c"].map((id) => ({ id, sink: hashingSink({ highWaterMark: id === "b" ? 1 : undefined }) }));
    const result = await within(
      fanOut(
        stream,
        sinks.map((s) => ({ id: s.id, stream: s.sink.stream })),
      ),
      20_000,
    );
    expect(result.bytes).toBe(size);
    expect(result.outcomes).toEqual([
      { id: "a", ok: true },
      { id: "b", ok: true },
      { id: "c", ok: true },
    ]);
    for (const s of sinks) {
      expect(s.sink.state.bytes).toBe(size);
      expect(s.sink.digest()).toBe(sha256(data));
      expect(s.sink.stream.writableFinished).toBe(true);
    }
  });

  it("a slow sink throttles reading: the source is never read far ahead of the slowest sink", async () => {
    const total = 120;
    let processedBySlow = 0;
    let maxLead = 0;
    let pulled = 0;
    const source = new Readable({
      highWaterMark: 1024, // one 1 KiB chunk of read-ahead inside the source itself
      read() {
        if (pulled >= total) {
          this.push(null);
          return;
        }
        pulled++;
        maxLead = Math.max(maxLead, pulled - processedBySlow);
        this.push(Buffer.alloc(1024, pulled & 0xff));
      },
    });
    const slow = new Writable({
      highWaterMark: 1024,
      write(_c, _e, cb) {
        setTimeout(() => {
          processedBySlow++;
          cb();
        }, 2);
      },
    });
    const fastA = hashingSink();
    const fastB = hashingSink();
    const result = await within(
      fanOut(source, [
        { id: "fast-a", stream: fastA.stream },
        { id: "slow", stream: slow },
        { id: "fast-b", stream: fastB.stream },
      ]),
      10_000,
    );
    expect(okIds(result)).toEqual(["fast-a", "slow", "fast-b"]);
    expect(processedBySlow).toBe(total);
    expect(fastA.state.bytes).toBe(total * 1024);
    // Without backpressure all 120 chunks are pulled at once (lead ≈ 120). With it: the chunk in the
    // slow sink, the one its buffer holds, the source's own read-ahead and the one being pulled.
    expect(maxLead).toBeLessThanOrEqual(5);
  });

  it("waits for every sink's 'finish' (its _final) before resolving", async () => {
    const a = hashingSink({ finalDelayMs: 60 });
    const b = hashingSink();
    const result = await within(
      fanOut(bufferSource(randomBytes(1000)).stream, [
        { id: "a", stream: a.stream },
        { id: "b", stream: b.stream },
      ]),
      5_000,
    );
    expect(a.state.finalDone).toBe(true);
    expect(okIds(result)).toEqual(["a", "b"]);
  });

  it("accepts a source that was paused by its creator", async () => {
    const data = randomBytes(300_000);
    const { stream } = bufferSource(data);
    stream.pause();
    const a = hashingSink();
    const result = await within(fanOut(stream, [{ id: "a", stream: a.stream }]), 5_000);
    expect(result.bytes).toBe(data.length);
    expect(a.digest()).toBe(sha256(data));
  });
});

describe("fanOut drops a failed sink and lets the others finish", () => {
  it("a sink that errors mid-way is dropped, the other two complete with every byte", async () => {
    const data = randomBytes(2 * 1024 * 1024);
    const a = hashingSink();
    const b = hashingSink({ failAt: 5, failWith: new Error("ENOSPC: no space left on device") });
    const c = hashingSink({ delayMs: 1 });
    const result = await within(
      fanOut(bufferSource(data).stream, [
        { id: "a", stream: a.stream },
        { id: "b", stream: b.stream },
        { id: "c", stream: c.stream },
      ]),
      10_000,
    );
    expect(result.bytes).toBe(data.length);
    expect(result.outcomes[0]).toEqual({ id: "a", ok: true });
    expect(result.outcomes[1]).toMatchObject({ id: "b", ok: false, error: { message: "ENOSPC: no space left on device" } });
    expect(result.outcomes[2]).toEqual({ id: "c", ok: true });
    expect(a.digest()).toBe(sha256(data));
    expect(c.digest()).toBe(sha256(data));
    expect(b.stream.destroyed).toBe(true);
  });

  it("dropping the sink everyone was waiting on resumes the flow", async () => {
    const data = randomBytes(1024 * 1024);
    const a = hashingSink();
    // Slow, tiny buffer, so fanOut is always waiting for its 'drain' when it fails.
    const slowFailing = hashingSink({ delayMs: 2, highWaterMark: 1, failAt: 3 });
    const result = await within(
      fanOut(bufferSource(data, 16 * 1024).stream, [
        { id: "a", stream: a.stream },
        { id: "slow", stream: slowFailing.stream },
      ]),
      5_000,
    );
    expect(okIds(result)).toEqual(["a"]);
    expect(a.digest()).toBe(sha256(data));
  });

  it("a sink destroyed without an error counts as failed (premature close)", async () => {
    const data = randomBytes(1024 * 1024);
    const a = hashingSink();
    const b = hashingSink({ delayMs: 1 });
    const c = hashingSink();
    setTimeout(() => b.stream.destroy(), 5);
    const result = await within(
      fanOut(bufferSource(data, 16 * 1024).stream, [
        { id: "a", stream: a.stream },
        { id: "b", stream: b.stream },
        { id: "c", stream: c.stream },
      ]),
      5_000,
    );
    expect(okIds(result)).toEqual(["a", "c"]);
    const failed = result.outcomes[1];
    expect(failed?.ok).toBe(false);
    if (failed && !failed.ok) expect(failed.error.message).toMatch(/closed before it finished/);
    expect(a.digest()).toBe(sha256(data));
  });

  it("a sink whose final step fails is reported, the others are not affected", async () => {
    const a = hashingSink({ finalError: new Error("upload completion failed") });
    const b = hashingSink();
    const result = await within(
      fanOut(bufferSource(randomBytes(100_000)).stream, [
        { id: "a", stream: a.stream },
        { id: "b", stream: b.stream },
      ]),
      5_000,
    );
    expect(result.outcomes[0]).toMatchObject({ id: "a", ok: false, error: { message: "upload completion failed" } });
    expect(result.outcomes[1]).toEqual({ id: "b", ok: true });
  });

  it("a sink that is already destroyed is reported failed, the others run", async () => {
    const dead = hashingSink();
    dead.stream.destroy();
    const a = hashingSink();
    const data = randomBytes(10_000);
    const result = await within(
      fanOut(bufferSource(data).stream, [
        { id: "dead", stream: dead.stream },
        { id: "a", stream: a.stream },
      ]),
      5_000,
    );
    expect(okIds(result)).toEqual(["a"]);
    expect(a.digest()).toBe(sha256(data));
  });

  it("a sink whose write() throws, or that someone else ends mid-way, is dropped", async () => {
    const data = randomBytes(512 * 1024);
    let calls = 0;
    const throwing = new Writable({
      write(_c, _e, cb) {
        if (++calls === 3) throw new Error("bug in a destination writer");
        cb();
      },
    });
    const endedEarly = hashingSink({ delayMs: 1 });
    setTimeout(() => endedEarly.stream.end(), 3);
    const a = hashingSink();
    const result = await within(
      fanOut(bufferSource(data, 8 * 1024).stream, [
        { id: "throwing", stream: throwing },
        { id: "ended", stream: endedEarly.stream },
        { id: "a", stream: a.stream },
      ]),
      5_000,
    );
    expect(result.outcomes[0]).toMatchObject({ id: "throwing", ok: false, error: { message: "bug in a destination writer" } });
    expect(result.outcomes[1]).toMatchObject({ id: "ended", ok: false });
    expect(result.outcomes[2]).toEqual({ id: "a", ok: true });
    expect(a.digest()).toBe(sha256(data));
  });

  it("when ALL sinks fail it stops reading, destroys the source and resolves with every failure (no hang)", async () => {
    const { stream: source, stats } = infiniteSource();
    const sinks = [
      { id: "a", stream: hashingSink({ failAt: 2 }).stream },
      { id: "b", stream: hashingSink({ failAt: 7, delayMs: 1 }).stream },
      { id: "c", stream: hashingSink({ failAt: 20 }).stream },
    ];
    const result = await within(fanOut(source, sinks), 5_000);
    expect(result.outcomes.map((o) => [o.id, o.ok])).toEqual([
      ["a", false],
      ["b", false],
      ["c", false],
    ]);
    for (const o of result.outcomes) if (!o.ok) expect(o.error).toBeInstanceOf(Error);
    expect(source.destroyed).toBe(true);
    const pulledAtResolve = stats.pulled;
    await sleep(50);
    expect(stats.pulled).toBe(pulledAtResolve);
    expect(pulledAtResolve).toBeLessThan(40);
  });

  it("resolves when every sink is unusable from the start", async () => {
    const { stream: source } = infiniteSource();
    const s = hashingSink();
    s.stream.end();
    const result = await within(fanOut(source, [{ id: "ended", stream: s.stream }]), 2_000);
    expect(result.outcomes[0]?.ok).toBe(false);
    expect(source.destroyed).toBe(true);
  });
});

describe("fanOut fails the whole run when the source fails", () => {
  it("a source error rejects with that error and destroys every sink with it", async () => {
    const boom = new Error("pg_dump: connection lost");
    let n = 0;
    const source = new Readable({
      read() {
        if (++n === 6) this.destroy(boom);
        else this.push(Buffer.alloc(1000, n));
      },
    });
    const sinks = [hashingSink(), hashingSink({ delayMs: 1 }), hashingSink()];
    const run = fanOut(
      source,
      sinks.map((s, i) => ({ id: String(i), stream: s.stream })),
    );
    await expect(within(run, 5_000)).rejects.toBe(boom);
    for (const s of sinks) {
      expect(s.stream.destroyed).toBe(true);
      expect(s.stream.errored).toBe(boom);
      expect(s.state.finalDone).toBe(false);
    }
  });

  it("a source error while waiting on a stalled sink still rejects at once", async () => {
    const { stream: source } = infiniteSource();
    const stalled = hashingSink({ stall: true });
    const other = hashingSink();
    const run = fanOut(source, [
      { id: "stalled", stream: stalled.stream },
      { id: "other", stream: other.stream },
    ]);
    const boom = new Error("dump killed");
    setTimeout(() => source.destroy(boom), 20);
    await expect(within(run, 2_000)).rejects.toBe(boom);
    expect(stalled.stream.destroyed).toBe(true);
    expect(other.stream.destroyed).toBe(true);
  });

  it("a source destroyed without an error rejects instead of hanging", async () => {
    const { stream: source } = infiniteSource();
    const sink = hashingSink({ delayMs: 1 });
    const run = fanOut(source, [{ id: "a", stream: sink.stream }]);
    setTimeout(() => source.destroy(), 10);
    await expect(within(run, 2_000)).rejects.toThrow(/closed before it ended/);
    expect(sink.stream.destroyed).toBe(true);
  });

  it("rejects an already ended source", async () => {
    const source = Readable.from([]);
    source.resume();
    await new Promise((r) => source.once("end", r));
    const sink = hashingSink();
    await expect(within(fanOut(source, [{ id: "a", stream: sink.stream }]), 1_000)).rejects.toThrow(/already/);
  });
});

describe("fanOut abort", () => {
  it("abort destroys the source and every sink and rejects with an AbortError", async () => {
    const { stream: source } = infiniteSource();
    const sinks = [hashingSink({ delayMs: 1 }), hashingSink({ stall: true }), hashingSink()];
    const ac = new AbortController();
    const run = fanOut(
      source,
      sinks.map((s, i) => ({ id: String(i), stream: s.stream })),
      { signal: ac.signal },
    );
    setTimeout(() => ac.abort(new Error("run cancelled by user")), 30);
    const err = await within(run, 2_000).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err?.name).toBe("AbortError");
    expect(err?.code).toBe("ABORT_ERR");
    expect((err?.cause as Error).message).toBe("run cancelled by user");
    expect(source.destroyed).toBe(true);
    for (const s of sinks) {
      expect(s.stream.destroyed).toBe(true);
      expect(s.state.finalDone).toBe(false);
    }
  });

  it("an already aborted signal rejects before reading anything", async () => {
    const { stream: source, stats } = infiniteSource();
    const sink = hashingSink();
    const run = fanOut(source, [{ id: "a", stream: sink.stream }], { signal: AbortSignal.abort() });
    await expect(within(run, 1_000)).rejects.toMatchObject({ name: "AbortError" });
    expect(stats.pulled).toBe(0);
    expect(source.destroyed).toBe(true);
    expect(sink.stream.destroyed).toBe(true);
  });

  it("an abort after completion changes nothing", async () => {
    const ac = new AbortController();
    const sink = hashingSink();
    const result = await fanOut(bufferSource(Buffer.from("done")).stream, [{ id: "a", stream: sink.stream }], { signal: ac.signal });
    ac.abort();
    expect(okIds(result)).toEqual(["a"]);
    expect(sink.stream.errored).toBeNull();
  });
});

describe("fanOut argument checks", () => {
  it("needs at least one sink", async () => {
    await expect(fanOut(Readable.from([]), [])).rejects.toThrow(TypeError);
  });

  it("needs unique sink ids", async () => {
    await expect(
      fanOut(Readable.from([]), [
        { id: "x", stream: hashingSink().stream },
        { id: "x", stream: hashingSink().stream },
      ]),
    ).rejects.toThrow(/unique/);
  });
});
