/**
 * One short-lived ioredis connection per operation: no retries, no reconnects, no offline queue, and a
 * hard limit on how long connecting (TCP, TLS, AUTH, ready check) may take. Errors come back classified.
 */
import net from "node:net";
import Redis from "ioredis";
import { AdapterError } from "../../errors";
import type { AdapterContext } from "../../types";
import { classifyRedisError, type RedisTarget } from "./classify-error";
import type { RedisConfig } from "./config";

export type RedisTimeouts = {
  /** TCP connect and the whole handshake (TLS, AUTH, ready check) */
  connectMs: number;
  /** Per command, for probes (test, version, list) */
  commandMs?: number;
  /** While commands are pending, the longest silence before the connection counts as dead */
  socketMs?: number;
};

export type RedisConnection = {
  client: Redis;
  target: RedisTarget;
  /** Classifies an error, preferring the socket/auth error ioredis emitted over its generic "Connection is closed." */
  classify: (e: unknown) => AdapterError;
  /** QUIT when the connection is healthy, else drop it; never throws */
  close: () => Promise<void>;
};

const GENERIC = /Connection is closed|Stream isn't writeable|Command aborted due to connection close/i;

export const openRedis = async (config: RedisConfig, ctx: AdapterContext, timeouts: RedisTimeouts,
  db = 0,
  opts: { disconnectOnAbort?: boolean } = {},
): Promise<RedisConnection> => {
  const target: RedisTarget = { host: config.host, port: config.port, username: config.username || undefined, tls: config.tls };
  let lastError: Error | undefined;
  const client = new Redis({
    host: config.host,
    port: config.port,
    username: config.username || undefined,
    password: config.password || undefined,
    tls: config.tls ? (net.isIP(config.host) ? {} : { servername: config.host }) : undefined,
    lazyConnect: true,
    connectTimeout: timeouts.connectMs,
    commandTimeout: timeouts.commandMs,
    socketTimeout: timeouts.socketMs,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    enableOfflineQueue: true, // commands issued before "ready" wait for it; with no retries they fail at once on close
    enableAutoPipelining: false,
    disableClientInfo: true,
  });
  client.on("error", (e: Error) => {
    lastError = e;
  });
  const seconds = Math.round(timeouts.connectMs / 1000);
  const classify = (e: unknown): AdapterError => {
    const best = lastError && (!(e instanceof Error) || GENERIC.test(e.message)) ? lastError : e;
    return classifyRedisError(best, target, seconds);
  };
  const close = async () => {
    ctx.signal?.removeEventListener("abort", onAbort);
    if (client.status === "ready") {
      try {
        await Promise.race([client.quit(), new Promise((r) => setTimeout(r, 2000).unref())]);
      } catch {
        // dropping the socket below is enough
      }
    }
    client.disconnect();
  };
  let connecting = true;
  const onAbort = () => {
    // While connecting, always; afterwards only if the caller wants pending commands cut off.
    if (connecting || opts.disconnectOnAbort !== false) client.disconnect();
  };
  ctx.signal?.addEventListener("abort", onAbort, { once: true });

  let timer: NodeJS.Timeout | undefined;
  try {
    if (ctx.signal?.aborted) throw new AdapterError("CANCELLED", "cancelled");
    const connected = client.connect();
    connected.catch(() => undefined); // it may lose the race below and reject later
    await Promise.race([
      connected,
      new Promise<never>((_, reject) => {
        // ioredis' connectTimeout covers TCP only: a server that accepts and never answers would hang the handshake.
        timer = setTimeout(() => reject(Object.assign(new Error("connect ETIMEDOUT"), { code: "ETIMEDOUT" })), timeouts.connectMs + 500);
      }),
    ]);
    // Not the `db` option: ioredis only emits a failed handshake SELECT as an event, the command rejects.
    if (db !== 0) await client.select(db);
    connecting = false;
    return { client, target, classify, close };
  } catch (e) {
    await close();
    if (ctx.signal?.aborted) throw new AdapterError("CANCELLED", `cancelled while connecting to ${target.host}:${target.port}`);
    if (e instanceof Error && /ETIMEDOUT/.test(e.message)) throw classifyRedisError(e, target, seconds);
    throw classify(e);
  } finally {
    clearTimeout(timer);
  }
};
