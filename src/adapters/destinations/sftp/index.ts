/**
 * Any SSH server with the SFTP subsystem. One connection per operation (a writer keeps its own until
 * commit or abort), always closed. The host key is pinned: test() reports the fingerprint it saw so the
 * service can store it on first use, and every later connection refuses a different key.
 */
import { randomBytes } from "node:crypto";
import { posix } from "node:path";
import type { Readable } from "node:stream";
import { AdapterError, isAdapterError } from "../../errors";
import type { AdapterContext, ArtifactWriter, ConnectionTest, DestinationAdapter, ObjectInfo } from "../../types";
import { cleanupSftpPartials } from "./cleanup";
import type { SftpConfig } from "./config";
import { isNoSuchFile, sftpError } from "./errors";
import { isInternalName, keyOfRemote, probeKey, remoteBase, remoteListRoot, remotePath } from "./paths";
import { openSession, S_IFDIR, S_IFMT, S_IFREG, type Session, sftpOps, type SftpOps, withSession } from "./session";
import { openRemoteWriter, remoteReadStream, removeEmptyDirs } from "./transfer";

const at = (session: Pick<Session, "label">, p: string) => `${session.label}:${p}`;

const writer = async (config: SftpConfig, key: string, ctx: AdapterContext | undefined, allowInternal: boolean, session?: Session): Promise<ArtifactWriter> => {
  const base = remoteBase(config.path);
  const finalPath = remotePath(base, key, { allowInternal });
  const own = session ?? (await openSession(config, ctx));
  return openRemoteWriter({
    ops: sftpOps(own.sftp),
    base,
    finalPath,
    // Probe writes (test()) report problems against the directory, not the probe's random name.
    where: at(own, allowInternal ? base : finalPath),
    release: session ? () => {} : own.end,
    cleanupElsewhere: (partial) => withSession(config, ctx, (s) => sftpOps(s.sftp).unlink(partial)),
    warn: (message) => ctx?.log?.("warn", message),
  });
};

const openRead = async (session: Session, file: string, release: () => void): Promise<Readable> => {
  const ops = sftpOps(session.sftp);
  try {
    const st = await ops.stat(file);
    if ((st.mode & S_IFMT) !== S_IFREG) throw new AdapterError("NOT_FOUND", `${at(session, file)} is not a file`);
    return remoteReadStream(ops, await ops.open(file, "r"), release);
  } catch (e) {
    release();
    throw sftpError(e, at(session, file));
  }
};

/** Deletes a file (a missing one is fine), then its directories up to the base while they are empty. */
const removeFile = async (ops: SftpOps, base: string, file: string, where: string): Promise<void> => {
  try {
    await ops.unlink(file);
  } catch (e) {
    if (isNoSuchFile(e)) return;
    throw sftpError(e, where);
  }
  await removeEmptyDirs(ops, base, posix.dirname(file));
};

const walk = async (ops: SftpOps, base: string, dir: string, out: ObjectInfo[]): Promise<void> => {
  let entries;
  try {
    entries = await ops.readdir(dir);
  } catch (e) {
    if (isNoSuchFile(e)) return;
    throw e;
  }
  for (const { filename, attrs } of entries) {
    if (filename === "." || filename === ".." || filename.includes("/")) continue;
    const full = dir === "/" ? `/${filename}` : `${dir}/${filename}`;
    const type = attrs.mode & S_IFMT;
    // Symlinks are never followed: only real files and directories under the base count.
    if (type === S_IFDIR) await walk(ops, base, full, out);
    else if (type === S_IFREG && !isInternalName(filename)) out.push({ key: keyOfRemote(base, full), size: attrs.size, modifiedAt: new Date(attrs.mtime * 1000) });
  }
};

const readAll = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

export const sftpDestination: DestinationAdapter<SftpConfig> = {
  test: async (config, ctx): Promise<ConnectionTest> => {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    let session: Session | undefined;
    const key = probeKey();
    try {
      const base = remoteBase(config.path);
      session = await openSession(config, ctx);
      const s = session;
      const ops = sftpOps(s.sftp);
      const file = remotePath(base, key, { allowInternal: true });
      try {
        const payload = randomBytes(64);
        const w = await writer(config, key, ctx, true, s);
        try {
          w.stream.end(payload);
          await w.commit();
        } finally {
          await w.abort();
        }
        const back = await readAll(await openRead(s, file, () => {}));
        if (!back.equals(payload)) throw new AdapterError("FAILED", `the probe file read back from ${at(s, base)} differs from what was written`);
      } finally {
        await removeFile(ops, base, file, at(s, file)).catch(() => {});
      }
      return {
        ok: true,
        latencyMs: latencyMs(),
        details: `SFTP ${at(s, base)}${config.port === 22 ? "" : ` (port ${config.port})`}`,
        metadata: { hostKeyFingerprint: s.hostKeyFingerprint },
      };
    } catch (e) {
      const error = isAdapterError(e) ? e : sftpError(e, `${config.username}@${config.host}:${config.path}`);
      return { ok: false, latencyMs: latencyMs(), error: error.message };
    } finally {
      session?.end();
    }
  },

  openWriter: async (config, key, ctx) => writer(config, key, ctx, false),

  list: async (config, prefix, ctx) => {
    const base = remoteBase(config.path);
    const root = remoteListRoot(base, prefix);
    return withSession(config, ctx, async (s) => {
      const out: ObjectInfo[] = [];
      try {
        await walk(sftpOps(s.sftp), base, root, out);
      } catch (e) {
        throw sftpError(e, at(s, root));
      }
      return out.filter((o) => o.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    });
  },

  read: async (config, key, ctx) => {
    const file = remotePath(remoteBase(config.path), key);
    const session = await openSession(config, ctx);
    return openRead(session, file, session.end);
  },

  stat: async (config, key, ctx) => {
    const file = remotePath(remoteBase(config.path), key);
    return withSession(config, ctx, async (s) => {
      try {
        const st = await sftpOps(s.sftp).lstatOrNull(file);
        if (!st || (st.mode & S_IFMT) !== S_IFREG) return null;
        return { key, size: st.size, modifiedAt: new Date(st.mtime * 1000) };
      } catch (e) {
        throw sftpError(e, at(s, file));
      }
    });
  },

  delete: async (config, key, ctx) => {
    const base = remoteBase(config.path);
    const file = remotePath(base, key);
    await withSession(config, ctx, (s) => removeFile(sftpOps(s.sftp), base, file, at(s, file)));
  },

  cleanupPartials: async (config, ctx) => cleanupSftpPartials(config, ctx),
};
