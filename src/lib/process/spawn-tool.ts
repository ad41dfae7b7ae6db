/**
 * Spawns external tools (pg_dump, mariadb-dump, sqlite3 …) safely:
 * - argv arrays only, never a shell, so a database name cannot inject a command;
 * - a scrubbed environment: PATH, HOME and locale plus what the caller passes (PGPASSWORD …), so a
 *   child never inherits Bunker's own secrets;
 * - its own process group, so cancel and timeouts kill the tool and anything it started;
 * - the tail of stderr kept for error messages.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";

const STDERR_TAIL_BYTES = 8 * 1024;

export type ToolProcess = {
  child: ChildProcess;
  stdout: Readable;
  stdin: Writable | null;
  /** The last 8 KiB of stderr, trimmed */
  stderrTail: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: NodeJS.ErrnoException }>;
  /** SIGTERM to the whole group, SIGKILL 3 s later if anything is left */
  kill: () => void;
};

export type SpawnToolOptions = {
  env?: Record<string, string | undefined>;
  stdin?: "pipe" | "ignore";
  cwd?: string;
  signal?: AbortSignal;
};

const baseEnv = (): Record<string, string> => {
  const keep = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"];
  const out: Record<string, string> = {};
  // eslint-disable-next-line no-restricted-properties -- children need PATH/HOME/locale and nothing else of ours
  for (const k of keep) if (process.env[k]) out[k] = process.env[k] as string;
  out.LC_ALL ??= "C.UTF-8";
  return out;
};

export const spawnTool = (command: string, args: readonly string[], opts: SpawnToolOptions = {}): ToolProcess => {
  const env = {
    ...baseEnv(),
    ...Object.fromEntries(Object.entries(opts.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
  } as NodeJS.ProcessEnv;
  const stdin: "pipe" | "ignore" = opts.stdin ?? "ignore";
  const child: ChildProcess = spawn(command, args, { env, cwd: opts.cwd, detached: true, stdio: [stdin, "pipe", "pipe"], shell: false });

  let tail = Buffer.alloc(0);
  child.stderr?.on("data", (chunk: Buffer) => {
    tail = Buffer.concat([tail, chunk]);
    if (tail.length > STDERR_TAIL_BYTES) tail = tail.subarray(tail.length - STDERR_TAIL_BYTES);
  });

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: NodeJS.ErrnoException }>((resolve) => {
    child.once("error", (e: NodeJS.ErrnoException) => resolve({ code: null, signal: null, spawnError: e }));
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
  });

  let killTimer: NodeJS.Timeout | undefined;
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  };
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup("SIGTERM");
    killTimer = setTimeout(() => signalGroup("SIGKILL"), 3000);
    killTimer.unref();
  };
  if (opts.signal) {
    if (opts.signal.aborted) kill();
    else opts.signal.addEventListener("abort", kill, { once: true });
  }
  // A run's signal outlives many short tools (a drill's probes and queries): let go of each one's listener.
  void exited.then(() => {
    clearTimeout(killTimer);
    opts.signal?.removeEventListener("abort", kill);
  });

  return {
    child,
    stdout: child.stdout as Readable,
    stdin: child.stdin,
    stderrTail: () => tail.toString("utf8").trim(),
    exited,
    kill,
  };
};

/** Runs a short command to completion and returns its output (version probes, small queries). */
export const runTool = async (
  command: string,
  args: readonly string[],
  opts: SpawnToolOptions & { input?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; spawnError?: NodeJS.ErrnoException; timedOut: boolean }> => {
  const p = spawnTool(command, args, { ...opts, stdin: opts.input !== undefined ? "pipe" : "ignore" });
  const chunks: Buffer[] = [];
  p.stdout.on("data", (c: Buffer) => chunks.push(c));
  if (opts.input !== undefined) p.stdin?.end(opts.input);
  p.stdin?.on("error", () => undefined); // the tool may exit before reading its input
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    p.kill();
  }, opts.timeoutMs ?? 30_000);
  const r = await p.exited;
  clearTimeout(timer);
  return { code: r.code, stdout: Buffer.concat(chunks).toString("utf8"), stderr: p.stderrTail(), spawnError: r.spawnError, timedOut };
};
