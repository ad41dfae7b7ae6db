/**
 * What restore drills need from a Redis scratch target. Redis has no named databases: a drill restores
 * into an empty db index of the scratch target and "drops" it with FLUSHDB. So the scratch target must
 * be a Redis reserved for drills: Bunker picks an index that is empty at that moment and empties it
 * again afterwards, whoever wrote to it meanwhile. db0, where applications write by default, is never
 * picked. There is no queryValue: Redis has no SQL to run checks with.
 */
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext } from "../../types";
import { openRedis, type RedisTimeouts } from "./client";
import type { RedisConfig } from "./config";
import { dbName, keyspaceFromInfo, parseDbName, type KeyspaceEntry } from "./info";

/** Redis' default, assumed when CONFIG GET is refused (an ACL user, a renamed command) */
export const DEFAULT_DATABASES = 16;
/** parseDbName accepts up to db99999 */
const MAX_DATABASES = 100_000;
/** Candidates tried (SELECT + DBSIZE) before giving up */
const MAX_TRIES = 32;

/** Error replies from the server (ioredis' ReplyError), as opposed to connection failures. */
const isReplyError = (e: unknown): e is Error => e instanceof Error && e.name === "ReplyError";

/** `CONFIG GET databases` → ["databases", "16"] (RESP2) or { databases: "16" } (RESP3) → 16, else null. */
export const databasesFromConfigReply = (reply: unknown): number | null => {
  const raw = Array.isArray(reply) ? reply[1] : reply && typeof reply === "object" ? (reply as Record<string, unknown>).databases : undefined;
  const n = Number(typeof raw === "string" || typeof raw === "number" ? raw : NaN);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_DATABASES) : null;
};

/** Empty db indexes by INFO keyspace, highest first, never db0 nor an avoided one; at most `limit`. */
export const scratchCandidates = (databases: number, keyspace: KeyspaceEntry[], limit = MAX_TRIES, avoid: readonly number[] = []): number[] => {
  const used = new Set([...keyspace.filter((e) => e.keys > 0).map((e) => e.db), ...avoid]);
  const out: number[] = [];
  for (let db = Math.min(databases, MAX_DATABASES) - 1; db >= 1 && out.length < limit; db--) if (!used.has(db)) out.push(db);
  return out;
};

/** Why no index was found, for the message. */
export const noScratchReason = (databases: number, assumed: boolean): string => {
  if (databases <= 1) return "the server has db0 only, and a drill never restores into db0";
  const range = `db1 … db${databases - 1}`;
  if (assumed) return `${range} all hold keys or do not exist (CONFIG GET databases was refused, so ${DEFAULT_DATABASES} databases were assumed; db0 is never used)`;
  return `${range} all hold keys (db0 is never used): empty one, or raise "databases" in the server's configuration`;
};

/**
 * The highest-numbered empty db index of the scratch target, e.g. "db15". INFO keyspace names the
 * candidates; each is confirmed with SELECT (it exists: the count may be assumed) and DBSIZE. The
 * restore itself still refuses an index that filled up in between.
 */
export const scratchDatabase = async (config: RedisConfig, ctx: AdapterContext, timeouts: RedisTimeouts, avoid: readonly string[] = []): Promise<string> => {
  const held = avoid.map((name) => parseDbName(name));
  const conn = await openRedis(config, ctx, timeouts);
  const { client } = conn;
  try {
    let databases = DEFAULT_DATABASES;
    let assumed = true;
    try {
      const n = databasesFromConfigReply(await client.config("GET", "databases"));
      if (n !== null) {
        databases = n;
        assumed = false;
      }
    } catch (e) {
      if (!isReplyError(e)) throw e;
    }
    const keyspace = keyspaceFromInfo(await client.info("keyspace"));
    for (const db of scratchCandidates(databases, keyspace, MAX_TRIES, held)) {
      try {
        await client.select(db);
      } catch (e) {
        if (isReplyError(e) && /out of range/i.test(e.message)) continue;
        throw e;
      }
      if ((await client.dbsize()) === 0) return dbName(db);
    }
    throw new AdapterError("INVALID_INPUT", `no empty database index on ${config.host}:${config.port} for the drill: ${noScratchReason(databases, assumed)}`);
  } catch (e) {
    throw conn.classify(e);
  } finally {
    await conn.close();
  }
};

/**
 * Empties the index (FLUSHDB ASYNC: the keys are gone at once, the memory is freed in the background).
 * An index the server does not have holds nothing, so there is nothing to drop.
 */
export const dropDatabase = async (config: RedisConfig, database: string, ctx: AdapterContext, timeouts: RedisTimeouts): Promise<void> => {
  const db = parseDbName(database);
  let conn;
  try {
    conn = await openRedis(config, ctx, timeouts, db);
  } catch (e) {
    if (isAdapterError(e) && e.code === "NOT_FOUND") return;
    throw e;
  }
  const { client } = conn;
  try {
    try {
      await client.flushdb("ASYNC");
    } catch (e) {
      // Servers before Redis 4 know FLUSHDB without arguments only.
      if (!isReplyError(e) || !/syntax|wrong number of arguments/i.test(e.message)) throw e;
      await client.flushdb();
    }
    ctx.log?.("info", `emptied ${dbName(db)} on ${config.host}:${config.port}`);
  } catch (e) {
    throw conn.classify(e);
  } finally {
    await conn.close();
  }
};
