/**
 * Streaming over one SFTP file handle, with several requests in flight each way: one request per round
 * trip would cap a backup at a few MB/s on a remote link.
 */
import { posix } from "node:path";
import { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { AdapterError } from "../../errors";
import type { ArtifactWriter } from "../../types";
import { isNoSuchFile, sftpError } from "./errors";
import { isWithinRemote, partialPathFor } from "./paths";
import type { SftpOps } from "./session";

const MAX_WRITES_IN_FLIGHT = 16;

/** rmdir `dir` and its parents while they are empty, stopping below `base`. */
export const removeEmptyDirs = async (ops: SftpOps, base: string, dir: string): Promise<void> => {
  for (let d = dir; d !== base && isWithinRemote(base, d); d = posix.dirname(d)) {
    try {
      await ops.rmdir(d);
    } catch {
      return;
    }
  }
};
const READ_CHUNK = 64 * 1024;
const READS_AHEAD = 8;

/**
 * Writes `<final>.partial-<rand>` (0640) and renames it over `final` on commit: with posix-rename@openssh.com
 * when the server has it (atomic replace), otherwise unlink + rename. `release` runs once the writer is
 * done either way (it closes the connection); `cleanupElsewhere` removes the partial file on a fresh
 * connection when this one broke.
 */
export const openRemoteWriter = async (opts: {
  ops: SftpOps;
  /** The destination's remote directory: an aborted write removes the directories it created, up to here */
  base: string;
  finalPath: string;
  /** "user@host:/path" for messages */
  where: string;
  release: () => void;
  cleanupElsewhere: (partialPath: string) => Promise<void>;
  warn?: (message: string) => void;
}): Promise<ArtifactWriter> => {
  const { ops, finalPath, where, release } = opts;
  let handle: Buffer;
  const partial = partialPathFor(finalPath);
  try {
    await ops.mkdirp(posix.dirname(finalPath));
    handle = await ops.open(partial, "wx", 0o640);
  } catch (e) {
    release();
    throw sftpError(e, where);
  }

  let size = 0;
  let offset = 0;
  let inFlight = 0;
  let failure: Error | undefined;
  let onSlot: (() => void) | undefined;
  let onIdle: (() => void) | undefined;
  let state: "open" | "committing" | "committed" | "aborted" = "open";
  let committing: Promise<unknown> | undefined;
  let handleOpen = true;

  const settledWrite = (err?: Error | null) => {
    inFlight--;
    if (err && !failure) failure = err;
    const slot = onSlot;
    onSlot = undefined;
    slot?.();
    if (inFlight === 0) {
      const idle = onIdle;
      onIdle = undefined;
      idle?.();
    }
  };

  const stream = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, cb) {
      if (failure) return cb(failure);
      const position = offset;
      offset += chunk.length;
      size += chunk.length;
      inFlight++;
      try {
        ops.write(handle, chunk, position, settledWrite);
      } catch (e) {
        settledWrite(e as Error);
      }
      if (inFlight < MAX_WRITES_IN_FLIGHT) cb(failure);
      else onSlot = () => cb(failure);
    },
    final(cb) {
      if (inFlight === 0) cb(failure);
      else onIdle = () => cb(failure);
    },
  });

  const closeHandle = async () => {
    if (!handleOpen) return;
    handleOpen = false;
    await ops.close(handle);
  };

  const discard = async () => {
    stream.destroy();
    try {
      await closeHandle().catch(() => {});
      await ops.unlink(partial).catch((e: unknown) => {
        if (!isNoSuchFile(e)) throw e;
      });
      await removeEmptyDirs(ops, opts.base, posix.dirname(finalPath));
    } catch {
      await opts.cleanupElsewhere(partial).catch((e: unknown) => {
        if (!isNoSuchFile(e)) opts.warn?.(`could not remove the partial file ${partial} on ${where.slice(0, where.indexOf(":"))}: ${(e as Error).message}`);
      });
    }
  };

  const replace = async () => {
    try {
      await ops.posixRename(partial, finalPath);
      return;
    } catch (e) {
      if (!/does not support/i.test((e as Error).message)) throw e;
    }
    // SFTPv3 rename refuses an existing target: remove it first (not atomic, but only on servers without the extension).
    await ops.unlink(finalPath).catch((e: unknown) => {
      if (!isNoSuchFile(e)) throw e;
    });
    await ops.rename(partial, finalPath);
  };

  const commit = async (): Promise<{ size: number }> => {
    if (state !== "open") throw new AdapterError("FAILED", `cannot commit ${where}: the write was already ${state}`);
    state = "committing";
    try {
      if (!stream.writableEnded) stream.end();
      await finished(stream);
      await ops.fsync(handle);
      await closeHandle();
      await replace();
      state = "committed";
      return { size };
    } catch (e) {
      state = "aborted";
      await discard();
      throw sftpError(e, where);
    } finally {
      release();
    }
  };

  return {
    stream,
    commit: () => (committing = commit()) as Promise<{ size: number }>,
    // After a successful commit the file stays: abort never deletes committed data.
    abort: async () => {
      if (state === "committing") await committing?.catch(() => {});
      if (state !== "open") return;
      state = "aborted";
      try {
        await discard();
      } finally {
        release();
      }
    },
  };
};

/**
 * A Readable over an open handle with READS_AHEAD requests in flight, delivered in order. A short read
 * (allowed by the protocol anywhere) re-requests the rest of its range before anything after it; a read
 * of 0 bytes is the end of the file. Destroying the stream closes the handle, then calls `release`.
 */
export const remoteReadStream = (ops: SftpOps, handle: Buffer, release: () => void): Readable => {
  const queue: Array<{ position: number; length: number; data: Promise<Buffer> }> = [];
  let next = 0;
  let eof = false;
  let pumping = false;
  /** Node asked for data (read()) that has not been pushed yet */
  let wanted = false;

  const request = (position: number, length: number) => {
    const data = ops.read(handle, length, position);
    data.catch(() => {}); // awaited in order below; a failure after the stream ended is not an unhandled rejection
    return { position, length, data };
  };

  const pump = async () => {
    for (;;) {
      while (!eof && queue.length < READS_AHEAD) {
        queue.push(request(next, READ_CHUNK));
        next += READ_CHUNK;
      }
      const head = queue.shift();
      if (!head) return;
      const data = await head.data;
      if (stream.destroyed) return;
      if (data.length === 0) {
        // End of file: the requests after this one are past it too.
        eof = true;
        queue.length = 0;
        stream.push(null);
        return;
      }
      if (data.length < head.length) queue.unshift(request(head.position + data.length, head.length - data.length));
      wanted = false;
      if (!stream.push(data) && !wanted) return;
    }
  };

  const kick = () => {
    if (pumping || eof || stream.destroyed) return;
    pumping = true;
    pump().then(
      () => {
        pumping = false;
        if (wanted) kick(); // read() was called while the last push was being made
      },
      (e: unknown) => {
        pumping = false;
        stream.destroy(e as Error);
      },
    );
  };

  const stream: Readable = new Readable({
    highWaterMark: 1 << 20,
    read() {
      wanted = true;
      kick();
    },
    destroy(err, cb) {
      // Fire and forget: ending the connection (release) frees the handle on the server anyway.
      ops.close(handle).catch(() => {});
      release();
      cb(err);
    },
  });

  return stream;
};
