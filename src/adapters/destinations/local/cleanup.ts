/**
 * Crash leftovers on a local destination: `<key>.partial-<16 hex>` files a killed writer never renamed.
 * Only regular files with exactly that name shape and older than PARTIAL_MIN_AGE_MS are deleted (a writer
 * in this process may be filling a fresh one); symlinks are never followed.
 */
import type { Dirent } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { LocalConfig } from "./config";
import { fsError } from "./fs-errors";
import { resolveBase } from "./paths";

export const PARTIAL_MIN_AGE_MS = 60_000;
const PARTIAL_NAME = /\.partial-[0-9a-f]{16}$/;

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

const walk = async (dir: string, cutoff: number): Promise<number> => {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (errno(e) === "ENOENT" || errno(e) === "ENOTDIR") return 0;
    throw fsError(e, dir);
  }
  let removed = 0;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removed += await walk(full, cutoff);
    else if (entry.isFile() && PARTIAL_NAME.test(entry.name)) {
      try {
        const st = await fs.lstat(full);
        if (!st.isFile() || st.mtimeMs > cutoff) continue;
        await fs.unlink(full);
        removed++;
      } catch (e) {
        if (errno(e) === "ENOENT") continue;
        throw fsError(e, full);
      }
    }
  }
  return removed;
};

export const cleanupLocalPartials = async (config: LocalConfig, now = Date.now()): Promise<{ removed: number }> => ({
  removed: await walk(resolveBase(config.path), now - PARTIAL_MIN_AGE_MS),
});
