/**
 * Restores a bunker-redis jsonl backup into one database with RESTORE, in pipelined batches. The input
 * is read line by line and reading pauses while a batch executes, so memory stays at about one batch.
 *
 * Without `overwrite` the target must be empty (checked before anything is written) and RESTORE runs
 * without REPLACE. With `overwrite`, RESTORE … REPLACE replaces the keys in the backup; other keys of the
 * target are kept. The backup counts as restored only once its end marker was read and every key was
 * written: a truncated file fails before its last batch. When a restore into an empty database fails,
 * the keys it already wrote are removed again (as long as it could keep track of them).
 */
import type { Readable } from "node:stream";
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext, RestoreOptions } from "../../types";
import { openRedis, type RedisConnection, type RedisTimeouts } from "./client";
import type { RedisConfig } from "./config";
import { dbName, parseDbName, serverVersionFromInfo } from "./info";
import { BackupReader, describeKey, type KeyRecord } from "./jsonl";
import { LineSplitter } from "./line-splitter";

const BATCH_KEYS = 500;
const BATCH_BYTES = 32 * 1024 * 1024;
/** Keys remembered for the clean-up of a failed restore into an empty database */
const TRACK_BYTES = 64 * 1024 * 1024;

/** The error a failed RESTORE reply becomes, with a hint for the one users meet most. */
export const restoreReplyError = (e: Error, key: Buffer, backupServer: string, targetServer: string): AdapterError => {
  const msg = e.message.trim();
  let hint = "";
  if (/payload version or checksum/i.test(msg)) {
    hint = ` (the backup was taken from ${backupServer || "an unknown server"}; ${targetServer} cannot read its DUMP format: restore into the same or a newer version)`;
  } else if (/^BUSYKEY/i.test(msg)) {
    hint = " (the key exists in the target: confirm the overwrite to replace it)";
  }
  return new AdapterError("FAILED", `RESTORE of key ${describeKey(key)} failed: ${msg}${hint}`, { cause: e });
};

const cleanUp = async (conn: RedisConnection, keys: Buffer[]): Promise<boolean> => {
  try {
    for (let i = 0; i < keys.length; i += BATCH_KEYS) {
      await conn.client.unlink(...keys.slice(i, i + BATCH_KEYS));
    }
    return true;
  } catch {
    return false;
  }
};

export const restoreRedis = async (config: RedisConfig, options: RestoreOptions, ctx: AdapterContext, timeouts: RedisTimeouts): Promise<void> => {
  const db = parseDbName(options.database);
  const name = dbName(db);
  const input: Readable = options.input;
  const overwrite = options.overwrite === true;
  let conn: RedisConnection | undefined;
  const reader = new BackupReader();
  const splitter = new LineSplitter();
  let restored = 0;
  let fresh = false;
  const written: Buffer[] = [];
  let trackedBytes = 0;
  let tracking = !overwrite;
  // Cancelling stops the reading; the connection stays up for the batch in flight and the clean-up.
  const onAbort = () => input.destroy(new AdapterError("CANCELLED", `the restore into ${name} was cancelled`));
  ctx.signal?.addEventListener("abort", onAbort, { once: true });
  // The input may fail while we connect: keep that from crashing the process (the loop below rethrows it).
  const early = () => undefined;
  input.on("error", early);

  try {
    conn = await openRedis(config, ctx, timeouts, db, { disconnectOnAbort: false });
    const c = conn;
    let targetServer: string;
    let existing: number;
    try {
      targetServer = serverVersionFromInfo(await c.client.info("server"));
      existing = await c.client.dbsize();
    } catch (e) {
      throw c.classify(e);
    }
    if (existing > 0 && !overwrite) {
      throw new AdapterError("INVALID_INPUT", `${name} already has ${existing} ${existing === 1 ? "key" : "keys"}: restore into an empty database or confirm the overwrite`);
    }
    fresh = existing === 0;
    ctx.log?.("info", `restoring into ${name} of ${targetServer} at ${config.host}:${config.port}${overwrite ? " (replacing existing keys)" : ""}`);

    let batch: KeyRecord[] = [];
    let batchBytes = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const todo = batch;
      batch = [];
      batchBytes = 0;
      const pipe = c.client.pipeline();
      for (const r of todo) {
        const ttl = r.ttl === -1 ? 0 : r.ttl;
        if (overwrite) pipe.restore(r.key, ttl, r.payload, "REPLACE");
        else pipe.restore(r.key, ttl, r.payload);
      }
      let replies: [Error | null, unknown][];
      try {
        replies = (await pipe.exec()) ?? [];
      } catch (e) {
        throw c.classify(e);
      }
      let failure: AdapterError | undefined;
      todo.forEach((r, i) => {
        const err = replies[i]?.[0] ?? (replies[i] ? null : new Error("no reply"));
        if (err) {
          failure ??= /Connection is closed|no reply/i.test(err.message) ? c.classify(err) : restoreReplyError(err, r.key, reader.header?.server ?? "", targetServer);
          return;
        }
        restored++;
        if (tracking) {
          trackedBytes += r.key.length + 64;
          if (trackedBytes > TRACK_BYTES) {
            tracking = false;
            written.length = 0;
          } else written.push(r.key);
        }
      });
      if (failure) throw failure;
    };

    for await (const chunk of input) {
      if (ctx.signal?.aborted) throw new AdapterError("CANCELLED", `the restore into ${name} was cancelled`);
      const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk as Uint8Array);
      for (const line of splitter.push(buf)) {
        const record = reader.accept(line);
        if (!record) continue;
        batch.push(record);
        batchBytes += record.key.length + record.payload.length;
        if (batch.length >= BATCH_KEYS || batchBytes >= BATCH_BYTES) await flush(); // reading waits meanwhile
      }
    }
    // Throws for a missing end marker before the last batch is written.
    reader.finish(splitter.end());
    await flush();
    ctx.log?.("info", `restored ${restored} keys into ${name}`);
  } catch (e) {
    let err: AdapterError;
    if (ctx.signal?.aborted) err = new AdapterError("CANCELLED", `the restore into ${name} was cancelled`);
    else if (isAdapterError(e)) err = e;
    else err = new AdapterError("FAILED", `reading the backup failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    if (!input.readableEnded && !input.destroyed) input.destroy();
    if (restored > 0 && conn) {
      let note: string;
      if (fresh && tracking && (await cleanUp(conn, written))) note = `the ${restored} keys already written were removed again`;
      else if (fresh) note = `${name} now holds ${restored} keys of this partial restore: empty it (FLUSHDB) before trying again`;
      else note = `${name} is partially restored: ${restored} keys were already written`;
      err = new AdapterError(err.code, `${err.message}; ${note}`, { cause: err.cause ?? err });
    }
    throw err;
  } finally {
    ctx.signal?.removeEventListener("abort", onAbort);
    input.off("error", early);
    await conn?.close();
  }
};
