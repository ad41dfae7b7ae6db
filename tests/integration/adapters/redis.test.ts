/**
 * The Redis source against a real redis-server (scripts/services/up.sh): every type round-trips through
 * dump → jsonl → restore into another DB index, and bad input fails clearly without changing data.
 * Each test uses its own DB indexes (5 … 15), flushed afterwards.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Redis from "ioredis";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createRedisSource, redisSource } from "@/adapters/sources/redis";
import type { RedisConfig } from "@/adapters/sources/redis/config";
import type { AdapterContext } from "@/adapters/types";
import { silentServer } from "../helpers/adapters";
import { describeWithService, env } from "../helpers/services";

describeWithService("redis", "Redis source", () => {
  let tmp: string;
  const ctx = (): AdapterContext => ({ tmpDir: tmp });
  const cfg = (over: Partial<RedisConfig> = {}): RedisConfig => ({ host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD"), tls: false, ...over });
  const admins = new Map<number, Redis>();
  const admin = (db: number): Redis => {
    let c = admins.get(db);
    if (!c) {
      c = new Redis({ host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD"), db, maxRetriesPerRequest: 1 });
      admins.set(db, c);
    }
    return c;
  };
  const used = new Set<number>();
  const useDb = (db: number) => {
    used.add(db);
    return admin(db);
  };

  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });

  /** Dumps a DB into a file (optionally through a slow consumer) and returns the timing. */
  const dumpToFile = async (db: number, file: string, delayMs = 0) => {
    const t0 = performance.now();
    const h = await redisSource.dump(cfg(), `db${db}`, ctx());
    const slow = new Transform({
      transform(chunk: Buffer, _e, cb) {
        if (delayMs) setTimeout(() => cb(null, chunk), delayMs);
        else cb(null, chunk);
      },
    });
    const [meta] = await Promise.all([h.done, pipeline(h.stream, slow, fs.createWriteStream(file))]);
    return { meta, ms: performance.now() - t0 };
  };

  const restoreFile = (db: number, file: string | Readable, overwrite = false) =>
    redisSource.restore(cfg(), { database: `db${db}`, input: typeof file === "string" ? fs.createReadStream(file) : file, createDatabase: false, overwrite }, ctx());

  const allKeys = async (c: Redis): Promise<Buffer[]> => {
    const out: Buffer[] = [];
    let cursor = "0";
    do {
      const [next, keys] = await c.scanBuffer(cursor, "COUNT", 1000);
      cursor = next.toString();
      out.push(...keys);
    } while (cursor !== "0");
    return out;
  };

  /** type, PTTL and DUMP payload of every key, keyed by the key's hex */
  const snapshot = async (c: Redis) => {
    const keys = await allKeys(c);
    const out = new Map<string, { type: string; ttl: number; payload: Buffer }>();
    for (let i = 0; i < keys.length; i += 500) {
      const slice = keys.slice(i, i + 500);
      const p = c.pipeline();
      for (const k of slice) p.type(k).pttl(k).dumpBuffer(k);
      const r = (await p.exec()) ?? [];
      slice.forEach((k, j) => out.set(k.toString("hex"), { type: r[3 * j]?.[1] as string, ttl: r[3 * j + 1]?.[1] as number, payload: r[3 * j + 2]?.[1] as Buffer }));
    }
    return out;
  };

  /** A key's value read by type, in a canonical order */
  const typedValue = async (c: Redis, key: Buffer, type: string): Promise<unknown> => {
    const sortBuf = (l: Buffer[]) => l.map((b) => b.toString("hex")).sort();
    switch (type) {
      case "string":
        return (await c.getBuffer(key))?.toString("hex");
      case "list":
        return (await c.lrangeBuffer(key, 0, -1)).map((b) => b.toString("hex"));
      case "set":
        return sortBuf(await c.smembersBuffer(key));
      case "hash": {
        const flat = await c.hgetallBuffer(key);
        return Object.entries(flat).sort(([x], [y]) => (x < y ? -1 : 1)).map(([f, v]) => [Buffer.from(f).toString("hex"), v.toString("hex")]);
      }
      case "zset":
        return (await c.zrangeBuffer(key, "0", "-1", "WITHSCORES")).map((b) => b.toString("hex"));
      case "stream":
        return [await c.xrange(key, "-", "+"), await c.xinfo("GROUPS", key)];
      default:
        throw new Error(`unexpected type ${type}`);
    }
  };

  const clientCount = async () => String(await admin(0).client("LIST")).trim().split("\n").length;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-redis-it-"));
  });
  afterEach(async () => {
    for (const db of used) await admin(db).flushdb();
    used.clear();
  });
  afterAll(async () => {
    for (const c of admins.values()) c.disconnect();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** ~20 000 keys of every type, binary keys and values, TTLs, a stream with a consumer group and one 5 MB value. */
  const fill = async (c: Redis) => {
    const bin = (prefix: string, i: number) => Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0x00, 0x80, 0x0a]), Buffer.from(String(i))]);
    let p = c.pipeline();
    let n = 0;
    const step = async () => {
      if (++n % 1000 === 0) {
        await p.exec();
        p = c.pipeline();
      }
    };
    for (let i = 0; i < 16_000; i++) {
      p.set(bin("str:", i), i % 3 === 0 ? randomBytes(16 + (i % 200)) : `plain value ${i} ✓`);
      await step();
    }
    for (let i = 0; i < 1000; i++) {
      p.hset(bin("hash:", i), { f1: "v1", [`f-${i}`]: randomBytes(8), "ünïcode": "✓" });
      await step();
      p.rpush(bin("list:", i), "a", randomBytes(4), String(i));
      await step();
      p.sadd(bin("set:", i), "x", "y", randomBytes(4));
      await step();
      p.zadd(bin("zset:", i), "-inf", "min", "1.5", "mid", String(i), randomBytes(4), "inf", "max");
      await step();
      p.pexpire(bin("str:", i), 3_600_000 + i * 1000); // TTLs of 1 h … 1 h 17 min on 1000 strings
      await step();
    }
    await p.exec();
    for (let i = 0; i < 200; i++) await c.xadd("events", "*", "n", String(i), "bin", randomBytes(6));
    await c.xgroup("CREATE", "events", "workers", "0");
    await c.xreadgroup("GROUP", "workers", "alice", "COUNT", 50, "STREAMS", "events", ">");
    await c.set(Buffer.from([0xde, 0xad, 0xbe, 0xef]), randomBytes(5 * 1024 * 1024));
    await c.hset("big-hash", Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field${i}`, `value${i}`]))); // hashtable encoding
    await c.pexpire("big-hash", 7_200_000);
    return c.dbsize();
  };

  it("tests the connection, names the server and lists databases", async () => {
    const c = useDb(9);
    await c.set("k", "v");
    const t = await redisSource.test(cfg(), ctx());
    expect(t).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/^(Redis|Valkey) \d+\.\d+/), details: expect.stringMatching(/keys? in \d+ databases?/) });
    expect(await redisSource.serverVersion(cfg(), ctx())).toMatch(/^Redis 7\.\d+\.\d+$/);
    const dbs = await redisSource.listDatabases(cfg(), ctx());
    expect(dbs[0]).toBe("db0");
    expect(dbs).toContain("db9");
    expect(redisSource.dumpExtension).toBe("jsonl");
  });

  it("round-trips ~20 000 keys of every type into another DB: type, TTL and value of every key", async () => {
    const src = useDb(5);
    const dst = useDb(6);
    const total = await fill(src);
    expect(total).toBeGreaterThanOrEqual(20_000);
    const baseline = await clientCount();

    const file = path.join(tmp, "db5.jsonl");
    const { meta, ms: dumpMs } = await dumpToFile(5, file);
    expect(meta).toEqual({ serverVersion: expect.stringMatching(/^Redis 7\./) });
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    expect(JSON.parse(lines[0] as string)).toMatchObject({ format: "bunker-redis", version: 1, db: 5, server: meta.serverVersion, createdAt: expect.any(String) });
    expect(JSON.parse(lines[lines.length - 1] as string)).toEqual({ end: true, keys: total });
    expect(lines).toHaveLength(total + 2);

    const t0 = performance.now();
    await restoreFile(6, file);
    const restoreMs = performance.now() - t0;
    console.info(`[redis] ${total} keys, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB jsonl: dump ${Math.round(dumpMs)} ms, restore ${Math.round(restoreMs)} ms`);

    const [a, b] = await Promise.all([snapshot(src), snapshot(dst)]);
    expect(b.size).toBe(a.size);
    let withTtl = 0;
    let reread = 0;
    for (const [k, s] of a) {
      const d = b.get(k);
      expect(d, `key ${k}`).toBeDefined();
      expect(d?.type, `type of ${k}`).toBe(s.type);
      if (s.ttl === -1) expect(d?.ttl, `ttl of ${k}`).toBe(-1);
      else {
        withTtl++;
        expect(Math.abs((d?.ttl ?? 0) - s.ttl), `ttl of ${k}`).toBeLessThan(30_000);
      }
      // DUMP bytes are equal unless the encoding is a hash table (member order is not canonical): then read the values.
      if (!d?.payload.equals(s.payload)) {
        reread++;
        const key = Buffer.from(k, "hex");
        expect(await typedValue(dst, key, s.type), `value of ${k}`).toEqual(await typedValue(src, key, s.type));
      }
    }
    expect(reread).toBeLessThan(a.size / 2);
    console.info(`[redis] ${a.size - reread} keys with identical DUMP bytes, ${reread} compared by value (hash-table encodings)`);
    expect(withTtl).toBe(1001);
    const types = new Set([...a.values()].map((v) => v.type));
    expect([...types].sort()).toEqual(["hash", "list", "set", "stream", "string", "zset"]);
    // The stream kept its consumer group and pending entries.
    expect(((await dst.xpending("events", "workers")) as unknown[])[0]).toBe(50);
    expect((await dst.getBuffer(Buffer.from([0xde, 0xad, 0xbe, 0xef])))?.length).toBe(5 * 1024 * 1024);

    // Every connection the adapter opened was closed again.
    await new Promise((r) => setTimeout(r, 200));
    expect(await clientCount()).toBe(baseline);
  }, 120_000);

  it("respects backpressure: a consumer that does not read holds the dump at about one buffer", async () => {
    // Many small keys (~10 MB of jsonl): one key's line is always emitted whole, so a single huge value
    // would be buffered as a whole by design; backpressure is about not running ahead across keys.
    const src = useDb(7);
    for (let batch = 0; batch < 10; batch++) {
      const p = src.pipeline();
      for (let i = 0; i < 2000; i++) p.set(`bp:${batch}:${i}`, randomBytes(300));
      await p.exec();
    }
    const h = await redisSource.dump(cfg(), "db7", ctx());
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.stream.readableLength).toBeLessThan(3 * 1024 * 1024); // the whole dump is ~9 MB
    const sink = new PassThrough();
    let bytes = 0;
    sink.on("data", (c: Buffer) => (bytes += c.length));
    await Promise.all([h.done, pipeline(h.stream, sink)]);
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024);
  }, 60_000);

  it("skips keys that expire during the dump and still restores a complete backup", async () => {
    const src = useDb(8);
    const p = src.pipeline();
    for (let i = 0; i < 5000; i++) p.set(`short:${i}`, "x".repeat(100), "PX", 1 + (i % 1500));
    for (let i = 0; i < 100; i++) p.set(`stays:${i}`, String(i));
    await p.exec();
    const file = path.join(tmp, "db8.jsonl");
    await dumpToFile(8, file, 5);
    const end = JSON.parse(fs.readFileSync(file, "utf8").trimEnd().split("\n").pop() as string) as { keys: number };
    expect(end.keys).toBeGreaterThanOrEqual(100);
    const dst = useDb(10);
    await restoreFile(10, file);
    const restored = (await allKeys(dst)).map((k) => k.toString());
    expect(restored.filter((k) => k.startsWith("stays:"))).toHaveLength(100);
    for (const k of restored.filter((k) => k.startsWith("short:"))) expect(await dst.pttl(k)).not.toBe(-1);
  }, 60_000);

  it("cancel mid-dump stops scanning: the stream errors and done rejects with CANCELLED", async () => {
    const src = useDb(11);
    await fill(src);
    const baseline = await clientCount();
    const h = await redisSource.dump(cfg(), "db11", ctx());
    const errors: unknown[] = [];
    h.stream.on("error", (e) => errors.push(e));
    await new Promise<void>((resolve) => h.stream.once("data", () => resolve()));
    h.stream.pause();
    h.cancel();
    await expect(h.done).rejects.toMatchObject({ code: "CANCELLED" });
    await new Promise((r) => setTimeout(r, 200));
    expect(errors).toEqual([expect.objectContaining({ code: "CANCELLED" })]);
    expect(h.stream.destroyed).toBe(true);
    expect(await clientCount()).toBe(baseline);
  }, 60_000);

  it("a restore into a non-empty DB without overwrite is refused before writing; with overwrite keys are replaced", async () => {
    const src = useDb(12);
    await src.set("shared", "from backup");
    await src.set("only-in-backup", "1");
    const file = path.join(tmp, "db12.jsonl");
    await dumpToFile(12, file);

    const dst = useDb(13);
    await dst.set("shared", "existing");
    await dst.set("sentinel", "untouched");
    await expect(restoreFile(13, file)).rejects.toMatchObject({ code: "INVALID_INPUT", message: "db13 already has 2 keys: restore into an empty database or confirm the overwrite" });
    expect(await dst.dbsize()).toBe(2);
    expect(await dst.get("shared")).toBe("existing");

    await restoreFile(13, file, true);
    expect(await dst.get("shared")).toBe("from backup");
    expect(await dst.get("only-in-backup")).toBe("1");
    expect(await dst.get("sentinel")).toBe("untouched"); // REPLACE, not FLUSHDB: keys outside the backup stay
  });

  it("a truncated backup fails as truncated and leaves the fresh target empty", async () => {
    const src = useDb(14);
    const p = src.pipeline();
    for (let i = 0; i < 3000; i++) p.set(`k${i}`, `v${i}`);
    await p.exec();
    const file = path.join(tmp, "db14.jsonl");
    await dumpToFile(14, file);
    const whole = fs.readFileSync(file);
    const dst = useDb(15);
    const lastLineStart = whole.lastIndexOf("\n", whole.length - 2) + 1;
    for (const [label, cut] of [
      ["mid-line", Math.floor(whole.length * 0.7)],
      ["at a line end, only the end marker missing", lastLineStart],
      ["header only", whole.indexOf("\n") + 1],
    ] as const) {
      const err = await restoreFile(15, Readable.from([whole.subarray(0, cut)])).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err, label).toMatchObject({ code: "FAILED", message: expect.stringMatching(/^truncated backup/) });
      expect(await dst.dbsize(), label).toBe(0);
    }
    // The mid-line cut came after more than one batch was written: they were removed again, and the message says so.
    const err = await restoreFile(15, Readable.from([whole.subarray(0, Math.floor(whole.length * 0.7))])).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/keys already written were removed again/);
  }, 60_000);

  it("a restore cancelled through its signal stops reading, fails with CANCELLED and removes what it wrote", async () => {
    const src = useDb(14);
    const p = src.pipeline();
    for (let i = 0; i < 3000; i++) p.set(`k${i}`, `v${i}`);
    await p.exec();
    const file = path.join(tmp, "db14-cancel.jsonl");
    await dumpToFile(14, file);
    const whole = fs.readFileSync(file);
    const dst = useDb(15);
    const input = new PassThrough();
    const ac = new AbortController();
    const restoring = redisSource.restore(cfg(), { database: "db15", input, createDatabase: false }, { tmpDir: tmp, signal: ac.signal });
    input.write(whole.subarray(0, Math.floor(whole.length / 2))); // more than one batch, never the end
    await new Promise((r) => setTimeout(r, 300));
    expect(await dst.dbsize()).toBeGreaterThan(0);
    ac.abort();
    await expect(restoring).rejects.toMatchObject({ code: "CANCELLED", message: expect.stringMatching(/removed again/) });
    expect(await dst.dbsize()).toBe(0);
  });

  it("a RESTORE error (duplicate key, damaged payload) fails with Redis' message and cleans up", async () => {
    const src = useDb(12);
    for (let i = 0; i < 10; i++) await src.set(`k${i}`, `value ${i}`);
    const file = path.join(tmp, "dup.jsonl");
    await dumpToFile(12, file);
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    const dst = useDb(13);

    const dup = [...lines.slice(0, -1), lines[1], JSON.stringify({ end: true, keys: 11 })].join("\n") + "\n";
    await expect(restoreFile(13, Readable.from([Buffer.from(dup)]))).rejects.toMatchObject({
      code: "FAILED",
      message: expect.stringMatching(/^RESTORE of key "k\d" failed: BUSYKEY.*removed again$/),
    });
    expect(await dst.dbsize()).toBe(0);

    const rec = JSON.parse(lines[1] as string) as { k: string; t: number; v: string };
    const payload = Buffer.from(rec.v, "base64");
    payload[2] = (payload[2] as number) ^ 0xff;
    const damaged = [lines[0], JSON.stringify({ ...rec, v: payload.toString("base64") }), JSON.stringify({ end: true, keys: 1 })].join("\n") + "\n";
    await expect(restoreFile(13, Readable.from([Buffer.from(damaged)]))).rejects.toMatchObject({
      code: "FAILED",
      message: expect.stringMatching(/DUMP payload version or checksum are wrong/),
    });
    expect(await dst.dbsize()).toBe(0);

    // An input that failed, or closed before its end, fails the restore (no hang, no crash).
    const failed = new PassThrough();
    failed.destroy(new Error("download failed"));
    await expect(restoreFile(13, failed)).rejects.toMatchObject({ code: "FAILED", message: expect.stringMatching(/download failed/) });
    const closed = new PassThrough();
    closed.write(lines.slice(0, 5).join("\n") + "\n");
    setTimeout(() => closed.destroy(), 20);
    await expect(restoreFile(13, closed)).rejects.toMatchObject({ code: "FAILED", message: expect.stringMatching(/premature close/i) });
    expect(await dst.dbsize()).toBe(0);

    await expect(restoreFile(13, Readable.from([Buffer.from("PRAGMA foreign_keys=OFF;\n")]))).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/not a Bunker Redis backup/) });
  });

  it("wrong password, missing password, unreachable port and a silent server fail clearly", async () => {
    const where = `${env("REDIS_HOST")}:${env("REDIS_PORT")}`;
    expect(await redisSource.test(cfg({ password: "definitely-wrong" }), ctx())).toMatchObject({ ok: false, error: `wrong password for Redis at ${where}` });
    await expect(redisSource.dump(cfg({ password: "definitely-wrong" }), "db0", ctx())).rejects.toMatchObject({ code: "AUTH_FAILED" });
    await expect(redisSource.listDatabases(cfg({ password: "definitely-wrong", username: "nobody" }), ctx())).rejects.toMatchObject({
      code: "AUTH_FAILED",
      message: expect.stringMatching(/wrong username or password/),
    });
    expect(await redisSource.test(cfg({ password: undefined }), ctx())).toMatchObject({ ok: false, error: expect.stringMatching(/^password required/) });

    const port = await freePort();
    const refused = await redisSource.test(cfg({ port }), ctx());
    expect(refused).toMatchObject({ ok: false, error: `Redis at ${env("REDIS_HOST")}:${port} is unreachable: connection refused` });
    await expect(redisSource.restore(cfg({ port }), { database: "db5", input: Readable.from([]), createDatabase: false }, ctx())).rejects.toMatchObject({ code: "UNREACHABLE" });

    // A server that accepts the connection and never answers.
    const silent = await silentServer();
    try {
      const quick = createRedisSource({ connectMs: 500, probeCommandMs: 500, dataSocketMs: 1000 });
      const t0 = Date.now();
      const t = await quick.test(cfg({ host: "127.0.0.1", port: silent.port }), ctx());
      expect(t).toMatchObject({ ok: false, error: expect.stringMatching(/unreachable: no answer within/) });
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it("database names are checked before connecting, and a missing DB index is NOT_FOUND", async () => {
    await expect(redisSource.dump(cfg(), "5", ctx())).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(redisSource.dump(cfg(), "db1; FLUSHALL", ctx())).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(redisSource.dump(cfg(), "db99", ctx())).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/DB index is out of range/) });
    await expect(redisSource.restore(cfg(), { database: "x; rm -rf /", input: Readable.from([]), createDatabase: true }, ctx())).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
