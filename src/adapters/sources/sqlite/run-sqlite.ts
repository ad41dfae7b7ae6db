/**
 * The sqlite3 CLI for short read-only jobs (restore inspection, drill checks): argv only, never a shell,
 * `-safe` (no dot-command or SQL function reaches another file or a shell), `-init /dev/null` (never the
 * Bunker user's ~/.sqliterc), `-batch` (no prompts). The output is collected: callers print little.
 */
import { runTool } from "@/lib/process/spawn-tool";
import { AdapterError } from "../../errors";
import type { AdapterContext } from "../../types";
import { spawnFailure } from "../tool-io";

const SQLITE = "sqlite3";
const BASE_ARGS = ["-batch", "-safe", "-init", "/dev/null"] as const;
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Runs sqlite3 with `args` after the safe base options; resolves to stdout, throws with sqlite3's own message. */
export const runSqlite = async (args: string[], ctx: AdapterContext, opts: { timeoutMs?: number } = {}): Promise<string> => {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const r = await runTool(SQLITE, [...BASE_ARGS, ...args], { signal: ctx.signal, timeoutMs });
  if (r.spawnError) throw spawnFailure("sqlite3", r.spawnError);
  if (ctx.signal?.aborted) throw new AdapterError("CANCELLED", "sqlite3 was cancelled");
  if (r.timedOut) throw new AdapterError("FAILED", `sqlite3 did not finish within ${Math.round(timeoutMs / 1000)} s`);
  if (r.code !== 0) throw new AdapterError("TOOL_FAILED", `sqlite3 failed: ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  return r.stdout;
};
