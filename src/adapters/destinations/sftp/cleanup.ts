/**
 * Crash leftovers on an SFTP destination: `<key>.partial-<16 hex>` files a killed writer never renamed.
 * Only regular files with exactly that name shape and older than PARTIAL_MIN_AGE_MS are deleted; symlinks
 * are never followed.
 */
import type { AdapterContext } from "../../types";
import type { SftpConfig } from "./config";
import { isNoSuchFile, sftpError } from "./errors";
import { remoteBase } from "./paths";
import { S_IFDIR, S_IFMT, S_IFREG, sftpOps, type SftpOps, withSession } from "./session";

export const PARTIAL_MIN_AGE_MS = 60_000;
const PARTIAL_NAME = /\.partial-[0-9a-f]{16}$/;

const walk = async (ops: SftpOps, dir: string, cutoffSec: number, where: (p: string) => string): Promise<number> => {
  let entries;
  try {
    entries = await ops.readdir(dir);
  } catch (e) {
    if (isNoSuchFile(e)) return 0;
    throw sftpError(e, where(dir));
  }
  let removed = 0;
  for (const { filename, attrs } of entries) {
    if (filename === "." || filename === ".." || filename.includes("/")) continue;
    const full = dir === "/" ? `/${filename}` : `${dir}/${filename}`;
    const type = attrs.mode & S_IFMT;
    if (type === S_IFDIR) removed += await walk(ops, full, cutoffSec, where);
    else if (type === S_IFREG && PARTIAL_NAME.test(filename) && attrs.mtime <= cutoffSec) {
      try {
        await ops.unlink(full);
        removed++;
      } catch (e) {
        if (!isNoSuchFile(e)) throw sftpError(e, where(full));
      }
    }
  }
  return removed;
};

export const cleanupSftpPartials = async (config: SftpConfig, ctx: AdapterContext, now = Date.now()): Promise<{ removed: number }> => {
  const base = remoteBase(config.path);
  const cutoffSec = Math.floor((now - PARTIAL_MIN_AGE_MS) / 1000);
  return withSession(config, ctx, async (s) => ({ removed: await walk(sftpOps(s.sftp), base, cutoffSec, (p) => `${s.label}:${p}`) }));
};
