/**
 * Streams one Redis database as bunker-redis jsonl (see ./jsonl.ts), over the network only: SCAN the
 * keys, then PTTL + DUMP them in pipelined batches, fetching the next batch only when the reader wants
 * more bytes.
 *
 * Not a point-in-time snapshot: SCAN guarantees that every key present for the whole scan is returned,
 * but keys written, changed or deleted while it runs may or may not be in the backup, and each key is
 * read at a slightly different moment (BGSAVE would be consistent but needs the server's files). Keys
 * that expire or vanish between SCAN and DUMP are skipped; SCAN may return a key twice, so keys are
 * de-duplicated (this costs memory in proportion to the number of keys). TTLs are stored as the time
 * left at dump time and count again from the restore.
 */
import { Readable } from "node:stream";
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext, DumpHandle } from "../../types";
import { openRedis, type RedisTimeouts } from "./client";
import type { RedisConfig } from "./config";
import { dbName, parseDbName, serverVersionFromInfo } from "./info";
import { encodeEnd, encodeHeader, encodeKeyLine } from "./jsonl";

const SCAN_COUNT = 1000;
const MAX_BATCH_KEYS = 200;
const FIRST_BATCH_KEYS = 50;
/** Batches shrink when values are large, so one batch holds about this many payload bytes */
const BATCH_BYTES = 16 * 1024 * 1024;

export const dumpRedis = async (config: RedisConfig, database: string, ctx: AdapterContext, timeouts: RedisTimeouts): Promise<DumpHandle> => {
  const db = parseDbName(database);
  const conn = await openRedis(config, ctx, timeouts, db);
  const { client } = conn;
  let server: string;
  try {
    server = serverVersionFromInfo(await client.info("server"));
  } catch (e) {
    await conn.close();
    throw conn.classify(e);
  }
  ctx.log?.("info", `dumping ${dbName(db)} of ${server} at ${config.host}:${config.port}`);

  const seen = new Set<string>();
  let pending: Buffer[] = [];
  let cursor = "0";
  let scanDone = false;
  let batchKeys = FIRST_BATCH_KEYS;
  let count = 0;
  let busy = false;
  let finished = false;
  let cancelled = false;

  let resolveDone!: (v: { serverVersion: string }) => void;
  let rejectDone!: (e: AdapterError) => void;
  const done = new Promise<{ toolVersion?: string; serverVersion?: string }>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => undefined); // the caller awaits `done`; an early rejection must not crash the process

  const stop = () => {
    ctx.signal?.removeEventListener("abort", cancel);
    void conn.close();
  };

  const fail = (e: unknown) => {
    if (finished) return;
    finished = true;
    const err = cancelled
      ? new AdapterError("CANCELLED", `the dump of ${dbName(db)} was cancelled`)
      : isAdapterError(e)
        ? e
        : conn.classify(e);
    client.disconnect();
    stop();
    stream.destroy(err);
    rejectDone(err);
  };

  const produce = async () => {
    busy = true;
    try {
      while (!finished) {
        if (pending.length === 0) {
          if (scanDone) {
            finished = true;
            stream.push(encodeEnd(count));
            stream.push(null);
            stop();
            resolveDone({ serverVersion: server });
            return;
          }
          const [next, keys] = await client.scanBuffer(cursor, "COUNT", SCAN_COUNT);
          if (finished) return;
          cursor = next.toString();
          scanDone = cursor === "0";
          for (const k of keys) {
            const id = k.toString("latin1");
            if (seen.has(id)) continue;
            seen.add(id);
            pending.push(k);
          }
          continue;
        }
        const batch = pending.slice(0, batchKeys);
        pending = pending.slice(batch.length);
        const pipe = client.pipeline();
        for (const k of batch) {
          pipe.pttl(k);
          pipe.dumpBuffer(k);
        }
        const replies = (await pipe.exec()) ?? [];
        if (finished) return;
        const lines: Buffer[] = [];
        let bytes = 0;
        for (let i = 0; i < batch.length; i++) {
          const [ttlErr, ttl] = replies[2 * i] ?? [new Error("missing PTTL reply"), null];
          const [dumpErr, payload] = replies[2 * i + 1] ?? [new Error("missing DUMP reply"), null];
          if (ttlErr) throw ttlErr;
          if (dumpErr) throw dumpErr;
          // Gone (expired or deleted) since SCAN saw it.
          if (!Buffer.isBuffer(payload) || ttl === -2) continue;
          // PTTL can say 0 in the last millisecond; 0 would mean "no expiry" to RESTORE.
          const t = typeof ttl === "number" && ttl >= 0 ? Math.max(ttl, 1) : -1;
          lines.push(encodeKeyLine(batch[i] as Buffer, t, payload));
          bytes += payload.length;
          count++;
        }
        const avg = batch.length ? bytes / batch.length : 0;
        batchKeys = Math.max(1, Math.min(MAX_BATCH_KEYS, Math.floor(BATCH_BYTES / Math.max(avg, 1))));
        if (lines.length && !stream.push(lines.length === 1 ? lines[0] : Buffer.concat(lines))) return; // wait for read()
      }
    } catch (e) {
      fail(e);
    } finally {
      busy = false;
    }
  };

  const stream = new Readable({
    highWaterMark: 1024 * 1024,
    read() {
      if (!busy && !finished) void produce();
    },
    destroy(err, cb) {
      if (!finished) {
        // The consumer dropped the stream before the end: stop scanning.
        finished = true;
        client.disconnect();
        stop();
        rejectDone(cancelled ? new AdapterError("CANCELLED", `the dump of ${dbName(db)} was cancelled`) : new AdapterError("FAILED", "the dump stream was closed before the end"));
      }
      cb(err);
    },
  });
  // Errors reach the consumer through pipeline() and `done`; never crash a process that has no listener.
  stream.on("error", () => undefined);
  stream.push(encodeHeader({ db, server, createdAt: new Date() }));

  function cancel() {
    if (finished) return;
    cancelled = true;
    fail(new AdapterError("CANCELLED", `the dump of ${dbName(db)} was cancelled`));
  }
  if (ctx.signal?.aborted) cancel();
  ctx.signal?.addEventListener("abort", cancel, { once: true });

  return { stream, done, cancel };
};
