/**
 * Redis / Valkey over the network only (no access to the server's files): a "database" is a DB index
 * named db0 … db15. Dumps are bunker-redis jsonl (./jsonl.ts): every key's DUMP payload and TTL,
 * restored with RESTORE into a running server. See ./dump.ts for what consistency that gives.
 */
import { isAdapterError } from "../../errors";
import type { AdapterContext, ConnectionTest, RestorePreflight, SourceAdapter } from "../../types";
import { openRedis, type RedisTimeouts } from "./client";
import type { RedisConfig } from "./config";
import { databasesFromKeyspace, dbName, describeKeyspace, keyspaceFromInfo, parseDbName, serverVersionFromInfo } from "./info";
import { dropDatabase, scratchDatabase } from "./drill";
import { dumpRedis } from "./dump";
import { restoreRedis } from "./restore";

export type RedisSourceTimeouts = { connectMs: number; probeCommandMs: number; dataSocketMs: number };

const DEFAULT_TIMEOUTS: RedisSourceTimeouts = { connectMs: 10_000, probeCommandMs: 10_000, dataSocketMs: 120_000 };

/** The adapter; tests pass shorter timeouts. */
export const createRedisSource = (t: RedisSourceTimeouts = DEFAULT_TIMEOUTS): SourceAdapter<RedisConfig> => {
  const probe: RedisTimeouts = { connectMs: t.connectMs, commandMs: t.probeCommandMs };
  const data: RedisTimeouts = { connectMs: t.connectMs, socketMs: t.dataSocketMs };

  const withProbe = async <T>(config: RedisConfig, ctx: AdapterContext, fn: (conn: Awaited<ReturnType<typeof openRedis>>) => Promise<T>): Promise<T> => {
    const conn = await openRedis(config, ctx, probe);
    try {
      return await fn(conn);
    } catch (e) {
      throw conn.classify(e);
    } finally {
      await conn.close();
    }
  };

  const test = async (config: RedisConfig, ctx: AdapterContext): Promise<ConnectionTest> => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      return await withProbe(config, ctx, async ({ client }) => {
        await client.ping();
        const serverVersion = serverVersionFromInfo(await client.info("server"));
        const details = describeKeyspace(keyspaceFromInfo(await client.info("keyspace")));
        return { ok: true, latencyMs: latencyMs(), serverVersion, details };
      });
    } catch (e) {
      if (isAdapterError(e)) return { ok: false, latencyMs: latencyMs(), error: e.message };
      throw e;
    }
  };

  /** The db index's key count: a restore without overwrite needs it empty (RESTORE without REPLACE). */
  const inspectDb = async (config: RedisConfig, database: string, ctx: AdapterContext) => {
    const db = parseDbName(database);
    const conn = await openRedis(config, ctx, probe, db);
    try {
      return { server: serverVersionFromInfo(await conn.client.info("server")), keys: await conn.client.dbsize() };
    } catch (e) {
      throw conn.classify(e);
    } finally {
      await conn.close();
    }
  };

  const restorePreflight = async (config: RedisConfig, target: { database: string }, ctx: AdapterContext): Promise<RestorePreflight> => {
    const { server, keys } = await inspectDb(config, target.database, ctx);
    const name = dbName(parseDbName(target.database));
    return {
      serverVersion: server,
      exists: keys > 0,
      canCreate: true,
      canOverwrite: true,
      details: keys > 0 ? `${name} holds ${keys} ${keys === 1 ? "key" : "keys"}` : `${name} is empty`,
      problems: [],
    };
  };

  return {
    engine: "redis",
    dumpExtension: "jsonl",
    test,
    serverVersion: (config, ctx) => withProbe(config, ctx, async ({ client }) => serverVersionFromInfo(await client.info("server"))),
    listDatabases: (config, ctx) => withProbe(config, ctx, async ({ client }) => databasesFromKeyspace(keyspaceFromInfo(await client.info("keyspace")))),
    dump: (config, database, ctx) => dumpRedis(config, database, ctx, data),
    restore: (config, options, ctx) => restoreRedis(config, options, ctx, data),
    restorePreflight,
    inspect: async (config, database, ctx) => ({ keys: (await inspectDb(config, database, ctx)).keys }),
    scratchDatabase: (config, _suggested, ctx, avoid) => scratchDatabase(config, ctx, probe, avoid),
    // FLUSHDB of a large index without ASYNC (old servers) may take a while: data timeouts.
    dropDatabase: (config, database, ctx) => dropDatabase(config, database, ctx, data),
    withCredentials: (config, c) => ({ ...config, username: c.username, password: c.password || undefined }),
  };
};

export const redisSource = createRedisSource();
