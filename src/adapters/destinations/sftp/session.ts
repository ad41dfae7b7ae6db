/**
 * One SSH connection with its SFTP channel, for one operation. The host key is checked against the pinned
 * fingerprint inside ssh2's hostVerifier, which runs during key exchange: on a mismatch the connection
 * ends before any password or key signature is sent.
 */
import { Client, type ConnectConfig, type ParsedKey, type SFTPWrapper, type Stats, utils } from "ssh2";
import { AdapterError } from "../../errors";
import type { AdapterContext } from "../../types";
import type { SftpConfig } from "./config";
import { isNoSuchFile, privateKeyError, sshError, type SshTarget } from "./errors";
import { fingerprintOf, hostKeyMismatchMessage, sameFingerprint } from "./host-key";

/** Below the service's 20 s connection-test limit, so a silent host gets this message rather than a generic one. */
export const READY_TIMEOUT_MS = 15_000;

export type Session = {
  sftp: SFTPWrapper;
  /** The server's host key fingerprint as seen on this connection */
  hostKeyFingerprint: string;
  /** "user@host", for messages ("user@host:/path") */
  label: string;
  /** Closes the connection; safe to call more than once */
  end: () => void;
  /** Set once the connection has closed */
  readonly closed: boolean;
};

/** Parses the configured private key up front, so a bad key or passphrase gets its own message. */
export const checkPrivateKey = (privateKey: string, passphrase?: string): void => {
  let parsed: ReturnType<typeof utils.parseKey>;
  try {
    parsed = utils.parseKey(privateKey, passphrase || undefined);
  } catch (e) {
    throw privateKeyError(e, Boolean(passphrase));
  }
  if (parsed instanceof Error) throw privateKeyError(parsed, Boolean(passphrase));
  // ssh2 returns an array for some multi-key formats and uses the first key.
  const key = (Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed) as ParsedKey | undefined;
  if (!key?.isPrivateKey()) throw new AdapterError("INVALID_INPUT", "this is a public key: paste the private key instead");
};

export const sessionLabel = (config: Pick<SftpConfig, "username" | "host">): string => `${config.username}@${config.host}`;

export const openSession = (config: SftpConfig, ctx?: AdapterContext): Promise<Session> => {
  const target: SshTarget = { host: config.host, port: config.port, username: config.username };
  const privateKey = config.privateKey?.trim() ? config.privateKey : undefined;
  if (privateKey) checkPrivateKey(privateKey, config.passphrase);
  const pinned = config.hostKeyFingerprint?.trim() || undefined;

  return new Promise<Session>((resolve, reject) => {
    const client = new Client();
    let seen: string | undefined;
    let mismatch = false;
    let settled = false;
    let closed = false;
    const end = () => {
      if (!closed) client.end();
    };
    const fail = (e: AdapterError) => {
      if (settled) return;
      settled = true;
      ctx?.signal?.removeEventListener("abort", onAbort);
      client.end();
      reject(e);
    };
    const onAbort = () => fail(new AdapterError("CANCELLED", `the SFTP connection to ${sessionLabel(config)} was cancelled`));
    if (ctx?.signal?.aborted) return onAbort();
    ctx?.signal?.addEventListener("abort", onAbort, { once: true });

    client.on("error", (e) => {
      if (mismatch && seen && pinned) fail(new AdapterError("HOST_KEY_MISMATCH", hostKeyMismatchMessage(pinned, seen), { cause: e }));
      else fail(sshError(e, target));
    });
    client.on("close", () => {
      closed = true;
      fail(new AdapterError("UNREACHABLE", `${config.host}:${config.port} closed the connection`));
    });
    client.on("ready", () => {
      client.sftp((err, sftp) => {
        if (err) return fail(new AdapterError("FAILED", `the SFTP subsystem is not available on ${config.host}:${config.port}: ${err.message}`, { cause: err }));
        if (settled) return;
        settled = true;
        ctx?.signal?.removeEventListener("abort", onAbort);
        resolve({
          sftp,
          hostKeyFingerprint: seen ?? "",
          label: sessionLabel(config),
          end,
          get closed() {
            return closed;
          },
        });
      });
    });

    const options: ConnectConfig = {
      host: config.host,
      port: config.port,
      username: config.username,
      readyTimeout: READY_TIMEOUT_MS,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 4,
      tryKeyboard: false,
      hostVerifier: (key: Buffer): boolean => {
        seen = fingerprintOf(key);
        if (pinned && !sameFingerprint(pinned, seen)) {
          mismatch = true;
          return false;
        }
        return true;
      },
      ...(config.password ? { password: config.password } : {}),
      ...(privateKey ? { privateKey, ...(config.passphrase ? { passphrase: config.passphrase } : {}) } : {}),
    };
    try {
      client.connect(options);
    } catch (e) {
      // ssh2 throws synchronously for keys it cannot use; checkPrivateKey catches most before this.
      fail(privateKey ? privateKeyError(e, Boolean(config.passphrase)) : sshError(e, target));
    }
  });
};

/** Runs `fn` on a fresh session and always closes it. */
export const withSession = async <T>(config: SftpConfig, ctx: AdapterContext | undefined, fn: (s: Session) => Promise<T>): Promise<T> => {
  const session = await openSession(config, ctx);
  try {
    return await fn(session);
  } finally {
    session.end();
  }
};

// ── promisified SFTP calls ───────────────────────────────────────────────────

const connectionLost = () => new AdapterError("UNREACHABLE", "the SFTP connection was lost");

export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;

/**
 * Promise wrappers over one SFTP channel. ssh2 silently drops requests made after the channel closed
 * (their callbacks never run), so every call checks that first.
 */
export const sftpOps = (sftp: SFTPWrapper) => {
  let closed = false;
  sftp.once("close", () => (closed = true));
  sftp.once("end", () => (closed = true));

  const call = <T = void>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(connectionLost());
      try {
        fn((err, value) => (err ? reject(err) : resolve(value)));
      } catch (e) {
        reject(e as Error);
      }
    });

  const ops = {
    get closed() {
      return closed;
    },
    stat: (p: string) => call<Stats>((cb) => sftp.stat(p, cb)),
    lstat: (p: string) => call<Stats>((cb) => sftp.lstat(p, cb)),
    /** lstat, or null when the path does not exist */
    lstatOrNull: async (p: string): Promise<Stats | null> => {
      try {
        return await ops.lstat(p);
      } catch (e) {
        if (isNoSuchFile(e)) return null;
        throw e;
      }
    },
    readdir: (p: string) => call<Array<{ filename: string; attrs: { mode: number; size: number; mtime: number } }>>((cb) => sftp.readdir(p, cb)),
    open: (p: string, flags: "r" | "wx", mode?: number) => call<Buffer>((cb) => sftp.open(p, flags, mode === undefined ? {} : { mode }, cb)),
    close: (handle: Buffer) => call((cb) => sftp.close(handle, cb)),
    unlink: (p: string) => call((cb) => sftp.unlink(p, cb)),
    rmdir: (p: string) => call((cb) => sftp.rmdir(p, cb)),
    mkdir: (p: string) => call((cb) => sftp.mkdir(p, { mode: 0o750 }, cb)),
    rename: (from: string, to: string) => call((cb) => sftp.rename(from, to, cb)),
    /** posix-rename@openssh.com: replaces `to` atomically. Rejects when the server lacks the extension. */
    posixRename: (from: string, to: string) => call((cb) => sftp.ext_openssh_rename(from, to, cb)),
    /** fsync@openssh.com; resolves false when the server lacks the extension. */
    fsync: async (handle: Buffer): Promise<boolean> => {
      try {
        await call((cb) => sftp.ext_openssh_fsync(handle, cb));
        return true;
      } catch (e) {
        if (/does not support/i.test((e as Error).message)) return false;
        throw e;
      }
    },
    /** Resolves with fewer bytes than asked for at the end of the file (0 past it). */
    read: (handle: Buffer, len: number, position: number): Promise<Buffer> => {
      const buf = Buffer.allocUnsafe(len);
      return call<number>((cb) => sftp.read(handle, buf, 0, len, position, (err, bytesRead) => cb(err, bytesRead))).then((n) => buf.subarray(0, n));
    },
    /** Callback style on purpose: the writer keeps many of these in flight. */
    write: (handle: Buffer, data: Buffer, position: number, cb: (err?: Error | null) => void): void => {
      if (closed) return cb(connectionLost());
      sftp.write(handle, data, 0, data.length, position, (err) => cb(err));
    },
    /** mkdir -p: creates the missing directories of `dir`, top-down. */
    mkdirp: async (dir: string): Promise<void> => {
      const st = await ops.lstatOrNull(dir).catch(() => null);
      if (st) {
        if ((st.mode & S_IFMT) === S_IFDIR) return;
        // A symlink to a directory is fine; anything else is in the way.
        const target = await ops.stat(dir).catch(() => null);
        if (target && (target.mode & S_IFMT) === S_IFDIR) return;
        throw new AdapterError("INVALID_INPUT", `${dir} exists on the server and is not a directory`);
      }
      const parent = dir.slice(0, dir.lastIndexOf("/")) || "/";
      if (parent !== dir) await ops.mkdirp(parent);
      try {
        await ops.mkdir(dir);
      } catch (e) {
        const again = await ops.stat(dir).catch(() => null);
        if (!again || (again.mode & S_IFMT) !== S_IFDIR) throw e;
      }
    },
  };
  return ops;
};

export type SftpOps = ReturnType<typeof sftpOps>;
