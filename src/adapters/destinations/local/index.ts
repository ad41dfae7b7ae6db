/**
 * A directory on this host (or a mounted volume). Writes go to `<key>.partial-<rand>` (0640) and become
 * visible with an fsync, a rename and an fsync of the directory. Every path is resolved inside the
 * configured directory, lexically and again through realpath, so neither a key nor a symlink planted in
 * the tree can reach outside it.
 */
import { randomBytes } from "node:crypto";
import { constants as fsc } from "node:fs";
import fs, { type FileHandle } from "node:fs/promises";
import path from "node:path";
import { type Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { AdapterError } from "../../errors";
import type { ArtifactWriter, ConnectionTest, DestinationAdapter, ObjectInfo } from "../../types";
import type { LocalConfig } from "./config";
import { cleanupLocalPartials } from "./cleanup";
import { fsError } from "./fs-errors";
import { isInternalName, isWithin, keyOf, listRoot, partialPathFor, probeKey, resolveBase, resolveKey } from "./paths";

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;
const escapes = () => new AdapterError("INVALID_INPUT", "path escapes the destination directory");

/** realpath, or null when the path does not exist (or a component is not a directory). */
const realOrNull = async (p: string): Promise<string | null> => {
  try {
    return await fs.realpath(p);
  } catch (e) {
    if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR") return null;
    throw e;
  }
};

/**
 * The real directory that will hold `target`, created if missing. The deepest existing ancestor is
 * checked before mkdir (so a symlinked subdirectory cannot make us create directories elsewhere) and
 * the result after it.
 */
const prepareParent = async (base: string, target: string): Promise<{ realBase: string; dir: string }> => {
  try {
    await fs.mkdir(base, { recursive: true });
  } catch (e) {
    throw fsError(e, base);
  }
  try {
    const realBase = await fs.realpath(base);
    const parent = path.dirname(target);
    let existing = parent;
    let real = await realOrNull(existing);
    while (real === null && existing !== base) {
      existing = path.dirname(existing);
      real = await realOrNull(existing);
    }
    if (real === null || !isWithin(realBase, real)) throw escapes();
    await fs.mkdir(parent, { recursive: true });
    const dir = await fs.realpath(parent);
    if (!isWithin(realBase, dir)) throw escapes();
    return { realBase, dir };
  } catch (e) {
    throw fsError(e, path.dirname(target));
  }
};

/** The real path of an existing key's file, or null when its directory does not exist. */
const locate = async (base: string, key: string, allowInternal = false): Promise<{ realBase: string; file: string } | null> => {
  const target = resolveKey(base, key, { allowInternal });
  try {
    const realBase = await realOrNull(base);
    if (realBase === null) return null;
    const dir = await realOrNull(path.dirname(target));
    if (dir === null) return null;
    if (!isWithin(realBase, dir)) throw escapes();
    return { realBase, file: path.join(dir, path.basename(target)) };
  } catch (e) {
    throw fsError(e, path.dirname(target));
  }
};

/** rmdir `dir` and its parents while they are empty, stopping below `realBase`. */
const removeEmptyDirs = async (realBase: string, dir: string): Promise<void> => {
  for (let d = dir; d !== realBase && isWithin(realBase, d); d = path.dirname(d)) {
    try {
      await fs.rmdir(d);
    } catch {
      return;
    }
  }
};

const fsyncDir = async (dir: string): Promise<void> => {
  const h = await fs.open(dir, fsc.O_RDONLY | fsc.O_DIRECTORY);
  try {
    await h.sync();
  } finally {
    await h.close();
  }
};

const unlinkQuiet = async (file: string): Promise<void> => {
  await fs.unlink(file).catch((e: unknown) => {
    if (errno(e) !== "ENOENT") throw e;
  });
};

/** A Writable over a file handle that counts what it wrote. */
const fileStream = (fh: FileHandle, onBytes: (n: number) => void): Writable => {
  const writeAll = async (buf: Buffer) => {
    for (let off = 0; off < buf.length; ) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
    onBytes(buf.length);
  };
  return new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _enc, cb) {
      writeAll(chunk).then(() => cb(), cb);
    },
    writev(chunks, cb) {
      writeAll(Buffer.concat(chunks.map((c) => c.chunk as Buffer))).then(() => cb(), cb);
    },
  });
};

const openFileWriter = async (base: string, key: string, allowInternal = false): Promise<ArtifactWriter> => {
  const target = resolveKey(base, key, { allowInternal });
  let placed: { realBase: string; dir: string; partial: string; fh: FileHandle } | undefined;
  // Two tries: a concurrent delete may prune the (empty) parent between mkdir and open.
  for (let attempt = 0; !placed; attempt++) {
    const { realBase, dir } = await prepareParent(base, target);
    const partial = partialPathFor(path.join(dir, path.basename(target)));
    try {
      const fh = await fs.open(partial, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, 0o640);
      placed = { realBase, dir, partial, fh };
    } catch (e) {
      if (errno(e) !== "ENOENT" || attempt > 0) throw fsError(e, path.dirname(target));
    }
  }
  const { realBase, dir, partial, fh } = placed;
  const finalPath = path.join(dir, path.basename(target));
  await fh.chmod(0o640).catch(() => {}); // the umask may have narrowed it; the file is usable either way

  let size = 0;
  let state: "open" | "committing" | "committed" | "aborted" = "open";
  let committing: Promise<unknown> | undefined;
  let handleOpen = true;
  const closeHandle = async () => {
    if (!handleOpen) return;
    handleOpen = false;
    await fh.close().catch(() => {});
  };
  const discard = async () => {
    stream.destroy();
    await closeHandle();
    await unlinkQuiet(partial).catch(() => {});
    await removeEmptyDirs(realBase, dir);
  };
  const stream = fileStream(fh, (n) => (size += n));

  const commit = async (): Promise<{ size: number }> => {
    if (state !== "open") throw new AdapterError("FAILED", `cannot commit ${key}: the write was already ${state}`);
    state = "committing";
    try {
      if (!stream.writableEnded) stream.end();
      await finished(stream);
      await fh.sync();
      handleOpen = false;
      await fh.close();
      await fs.rename(partial, finalPath);
      await fsyncDir(dir);
      state = "committed";
      return { size };
    } catch (e) {
      state = "aborted";
      await discard();
      throw fsError(e, target);
    }
  };

  return {
    stream,
    commit: () => {
      const p = commit();
      committing = p;
      return p;
    },
    // After a successful commit the object stays: abort never deletes committed data.
    abort: async () => {
      if (state === "committing") await committing?.catch(() => {});
      if (state !== "open") return;
      state = "aborted";
      await discard();
    },
  };
};

const readFile = async (base: string, key: string, allowInternal = false): Promise<Readable> => {
  const found = await locate(base, key, allowInternal);
  if (!found) throw new AdapterError("NOT_FOUND", `${key} does not exist in ${base}`);
  let fh: FileHandle;
  try {
    fh = await fs.open(found.file, fsc.O_RDONLY | fsc.O_NOFOLLOW);
  } catch (e) {
    if (errno(e) === "ENOENT") throw new AdapterError("NOT_FOUND", `${key} does not exist in ${base}`);
    throw fsError(e, path.join(base, key));
  }
  const st = await fh.stat();
  if (!st.isFile()) {
    await fh.close();
    throw new AdapterError("NOT_FOUND", `${key} is not a file in ${base}`);
  }
  return fh.createReadStream({ highWaterMark: 1 << 20 });
};

const removeKey = async (base: string, key: string, allowInternal = false): Promise<void> => {
  const found = await locate(base, key, allowInternal);
  if (!found) return;
  try {
    await unlinkQuiet(found.file);
  } catch (e) {
    throw fsError(e, path.join(base, key));
  }
  // Retention empties date directories one file at a time: remove them once empty, never the base.
  await removeEmptyDirs(found.realBase, path.dirname(found.file));
};

const walk = async (dir: string, realBase: string, out: ObjectInfo[]): Promise<void> => {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR") return;
    throw e;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Symlinks are never followed: only real files and directories under the base count.
    if (entry.isDirectory()) await walk(full, realBase, out);
    else if (entry.isFile() && !isInternalName(entry.name)) {
      const st = await fs.lstat(full).catch(() => null);
      if (st?.isFile()) out.push({ key: keyOf(realBase, full), size: st.size, modifiedAt: st.mtime });
    }
  }
};

const formatFree = (bytes: number): string => {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
};

const readAll = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

export const localDestination: DestinationAdapter<LocalConfig> = {
  test: async (config): Promise<ConnectionTest> => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const key = probeKey();
    let base: string | undefined;
    try {
      base = resolveBase(config.path);
      const payload = randomBytes(64);
      const writer = await openFileWriter(base, key, true);
      try {
        writer.stream.end(payload);
        await writer.commit();
      } finally {
        await writer.abort();
      }
      const back = await readAll(await readFile(base, key, true));
      if (!back.equals(payload)) throw new AdapterError("FAILED", `the probe file read back from ${base} differs from what was written`);
      const st = await fs.statfs(base).catch(() => null);
      const free = st ? ` (${formatFree(st.bavail * st.bsize)} free)` : "";
      return { ok: true, latencyMs: latencyMs(), details: `writable: ${base}${free}` };
    } catch (e) {
      return { ok: false, latencyMs: latencyMs(), error: fsError(e, base ?? config.path).message };
    } finally {
      if (base) await removeKey(base, key, true).catch(() => {});
    }
  },

  openWriter: async (config, key) => openFileWriter(resolveBase(config.path), key),

  list: async (config, prefix) => {
    const base = resolveBase(config.path);
    const root = listRoot(base, prefix);
    try {
      const realBase = await realOrNull(base);
      if (realBase === null) return [];
      const realRoot = await realOrNull(path.join(realBase, path.relative(base, root)));
      if (realRoot === null) return [];
      if (!isWithin(realBase, realRoot)) throw escapes();
      const out: ObjectInfo[] = [];
      await walk(realRoot, realBase, out);
      return out.filter((o) => o.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } catch (e) {
      throw fsError(e, root);
    }
  },

  read: async (config, key) => readFile(resolveBase(config.path), key),

  stat: async (config, key) => {
    const base = resolveBase(config.path);
    const found = await locate(base, key);
    if (!found) return null;
    try {
      const st = await fs.lstat(found.file);
      return st.isFile() ? { key, size: st.size, modifiedAt: st.mtime } : null;
    } catch (e) {
      if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR") return null;
      throw fsError(e, path.join(base, key));
    }
  },

  delete: async (config, key) => removeKey(resolveBase(config.path), key),

  cleanupPartials: async (config) => cleanupLocalPartials(config),
};
