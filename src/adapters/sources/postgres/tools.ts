/**
 * Finds the PostgreSQL client tools. Debian-style images keep versioned clients in
 * /usr/lib/postgresql/<N>/bin: the highest N that can handle the server wins, else the tool on PATH.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { runTool } from "@/lib/process/spawn-tool";
import { AdapterError } from "../../errors";
import { spawnFailure } from "../tool-io";
import { type PgVersion, parseToolVersion, usableClientMajors } from "./versions";

export type PgTool = "pg_dump" | "pg_restore" | "psql";

const VERSIONED_ROOT = "/usr/lib/postgresql";

const installedMajors = async (root: string): Promise<number[]> => {
  const entries = await fs.readdir(root).catch(() => [] as string[]);
  return entries.filter((e) => /^\d+$/.test(e)).map(Number);
};

const isExecutable = (file: string) =>
  fs.access(file, fs.constants.X_OK).then(
    () => true,
    () => false,
  );

/** The binary to run for `tool` against `server` (or the newest installed when the server is unknown). */
export const resolvePgTool = async (tool: PgTool, server?: PgVersion, root = VERSIONED_ROOT): Promise<string> => {
  for (const n of usableClientMajors(await installedMajors(root), server)) {
    const file = path.join(root, String(n), "bin", tool);
    if (await isExecutable(file)) return file;
  }
  return tool;
};

/** `<tool> --version`, parsed; TOOL_MISSING when it cannot be started. */
export const pgToolVersion = async (file: string, signal?: AbortSignal): Promise<PgVersion> => {
  const r = await runTool(file, ["--version"], { signal, timeoutMs: 10_000 });
  if (r.spawnError) throw spawnFailure(path.basename(file), r.spawnError);
  const v = parseToolVersion(r.stdout);
  if (r.code !== 0 || !v) throw new AdapterError("TOOL_FAILED", `${file} --version failed: ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
  return v;
};
