/**
 * What restore drills use of the Redis source: picking an empty db index on the scratch target,
 * restoring a dump into it, counting its keys and emptying it again.
 *
 * The full cycle runs against a private redis-server (the same binary as the shared test service) with
 * only 4 databases: "every index is full" is then easy to reach, and filling and flushing indexes can
 * never disturb another test that uses the shared server at the same time. Against the shared server
 * the pick is only read.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import Redis from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRedisSource, redisSource } from "@/adapters/sources/redis";
import type { RedisConfig } from "@/adapters/sources/redis/config";
import type { AdapterContext, SourceAdapter } from "@/adapters/types";
import { describeWithService, env } from "./helpers/services";

const PASSWORD = "drill-test-pw";
const DATABASES = 4;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

describeWithService("redis", "Redis drill support", () => {
  let tmp: string;
  let server: ChildProcess | undefined;
  let port = 0;
  const admins = new Map<number, Redis>();
  const ctx = (): AdapterContext => ({ tmpDir: tmp });
  const adapter: SourceAdapter<RedisConfig> = createRedisSource({ connectMs: 3000, probeCommandMs: 3000, dataSocketMs: 10_000 });
  const cfg = (over: Partial<RedisConfig> = {}): RedisConfig => ({ host: "127.0.0.1", port, password: PASSWORD, tls: false, ...over });
  const admin = (db: number): Redis => {
    let c = admins.get(db);
    if (!c) {
      c = new Redis({ host: "127.0.0.1", port, password: PASSWORD, db, maxRetriesPerRequest: 1 });
      admins.set(db, c);
    }
    return c;
  };
  const scratch = (config = cfg()) => {
    if (!adapter.scratchDatabase) throw new Error("the Redis source has no scratchDatabase");
    return adapter.scratchDatabase(config, "bunker_drill_0123456789ab", ctx());
  };
  const drop = (database: string, config = cfg()) => {
    if (!adapter.dropDatabase) throw new Error("the Redis source has no dropDatabase");
    return adapter.dropDatabase(config, database, ctx());
  };
  const inspect = (database: string) => {
    if (!adapter.inspect) throw new Error("the Redis source has no inspect");
    return adapter.inspect(cfg(), database, ctx());
  };
  const flushAll = async () => {
    for (let db = 0; db < DATABASES; db++) await admin(db).flushdb();
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bunker-redis-drill-"));
    port = await freePort();
    server = spawn(
      "redis-server",
      ["--bind", "127.0.0.1", "--port", String(port), "--dir", tmp, "--save", "", "--appendonly", "no", "--requirepass", PASSWORD, "--databases", String(DATABASES)],
      { stdio: "ignore" },
    );
    const ping = new Redis({ host: "127.0.0.1", port, password: PASSWORD, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    ping.on("error", () => undefined);
    for (let i = 0; ; i++) {
      try {
        await ping.connect();
        await ping.ping();
        break;
      } catch (e) {
        if (i > 100) throw e;
        ping.disconnect();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    ping.disconnect();
    // A user that may do everything except CONFIG, as a locked-down ACL setup would.
    await admin(0).call("ACL", "SETUSER", "noconfig", "on", `>${PASSWORD}`, "~*", "&*", "+@all", "-config");
  });

  afterAll(async () => {
    if (server && port) await flushAll().catch(() => undefined);
    for (const c of admins.values()) c.disconnect();
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      server.kill("SIGTERM");
      await exited; // reaped here, not left behind as a zombie
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("picks the highest empty index, restores into it, counts its keys and empties it", async () => {
    await flushAll();
    const src = admin(1);
    await src.set("plain", "value");
    await src.set("ttl", "soon", "EX", 3600);
    await src.hset("hash", { a: "1", b: "2" });
    await src.rpush("list", "x", "y", "z");
    await src.zadd("zset", 1, "one", 2, "two");
    await src.sadd("set", "m1", "m2");
    await admin(0).set("app:data", "must stay");

    expect(await scratch()).toBe(`db${DATABASES - 1}`);
    await admin(DATABASES - 1).set("busy", "1");
    expect(await scratch()).toBe(`db${DATABASES - 2}`);
    await admin(DATABASES - 1).flushdb();

    const database = await scratch();
    expect(database).toBe("db3");
    const dumpFile = path.join(tmp, "db1.jsonl");
    const h = await adapter.dump(cfg(), "db1", ctx());
    await Promise.all([h.done, pipeline(h.stream, fs.createWriteStream(dumpFile))]);
    await adapter.restore(cfg(), { database, input: fs.createReadStream(dumpFile), createDatabase: true }, ctx());

    expect(await inspect(database)).toEqual({ keys: 6 });
    const dst = admin(3);
    expect(await dst.get("plain")).toBe("value");
    expect(await dst.ttl("ttl")).toBeGreaterThan(3500);
    expect(await dst.hgetall("hash")).toEqual({ a: "1", b: "2" });
    expect(await dst.lrange("list", 0, -1)).toEqual(["x", "y", "z"]);
    // While the drill's index holds keys, the next pick goes below it.
    expect(await scratch()).toBe("db2");

    await drop(database);
    expect(await dst.dbsize()).toBe(0);
    expect(await inspect(database)).toEqual({ keys: 0 });
    await drop(database); // idempotent
    // Only that index was emptied.
    expect(await src.dbsize()).toBe(6);
    expect(await admin(0).get("app:data")).toBe("must stay");
  });

  it("fails clearly when every index but db0 holds keys", async () => {
    await flushAll();
    for (let db = 1; db < DATABASES; db++) await admin(db).set("k", "v");
    await admin(0).flushdb(); // an empty db0 is never picked
    await expect(scratch()).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: `no empty database index on 127.0.0.1:${port} for the drill: db1 … db3 all hold keys (db0 is never used): empty one, or raise "databases" in the server's configuration`,
    });
    await flushAll();
  });

  it("assumes 16 databases when CONFIG is refused and skips the indexes the server does not have", async () => {
    await flushAll();
    const limited = cfg({ username: "noconfig" });
    await expect(admin(0).call("CONFIG", "GET", "databases")).resolves.toBeTruthy();
    expect(await scratch(limited)).toBe(`db${DATABASES - 1}`);
    await admin(3).set("k", "v");
    expect(await scratch(limited)).toBe("db2");
    await admin(2).set("k", "v");
    await admin(1).set("k", "v");
    await expect(scratch(limited)).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("CONFIG GET databases was refused, so 16 databases were assumed") });
    await flushAll();
  });

  it("drops only valid index names; an index the server does not have is already gone", async () => {
    await admin(2).set("k", "v");
    for (const bad of ["app", "db01", "DB2", "db2;FLUSHALL", "bunker_drill_0123456789ab"]) {
      await expect(drop(bad), bad).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    await drop("db99");
    expect(await admin(2).dbsize()).toBe(1);
    await admin(2).flushdb();
  });

  it("reports an unreachable scratch target", async () => {
    const closed = await freePort();
    await expect(scratch(cfg({ port: closed }))).rejects.toMatchObject({ code: "UNREACHABLE" });
    await expect(drop("db3", cfg({ port: closed }))).rejects.toMatchObject({ code: "UNREACHABLE" });
    await expect(scratch(cfg({ password: "wrong" }))).rejects.toMatchObject({ code: "AUTH_FAILED" });
  });

  it("picks an existing, empty index other than db0 on the shared test server (read only)", async () => {
    const shared: RedisConfig = { host: env("REDIS_HOST"), port: Number(env("REDIS_PORT")), password: env("REDIS_PASSWORD"), tls: false };
    if (!redisSource.scratchDatabase) throw new Error("the Redis source has no scratchDatabase");
    const picked = await redisSource.scratchDatabase(shared, "bunker_drill_0123456789ab", ctx());
    expect(picked).toMatch(/^db[1-9]\d*$/);
  });
});
