import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AdapterContext } from "@/adapters/types";
import { log } from "@/lib/logger";

/** A private temp dir (0700) for the adapter's option files, removed afterwards whatever happens. */
export const withAdapterContext = async <T>(fn: (ctx: AdapterContext) => Promise<T>, signal?: AbortSignal): Promise<T> => {
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), "bunker-adapter-"));
  try {
    return await fn({ tmpDir, signal, log: (level, message) => log[level](message) });
  } finally {
    await fs.rm(tmpDir, { recursive: true, force: true });
  }
};

/**
 * The same private temp dir for a context that outlives one call (a download streamed to the client,
 * a restore): call `dispose()` once the streams are done.
 */
export const openAdapterContext = async (signal?: AbortSignal): Promise<{ ctx: AdapterContext; dispose: () => Promise<void> }> => {
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), "bunker-adapter-"));
  return {
    ctx: { tmpDir, signal, log: (level, message) => log[level](message) },
    dispose: () => fs.rm(tmpDir, { recursive: true, force: true }),
  };
};
