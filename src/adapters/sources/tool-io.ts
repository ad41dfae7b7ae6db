/**
 * Streaming glue between a spawned dump/restore tool and the pipeline, shared by the PostgreSQL and
 * MySQL adapters (engine-neutral).
 *
 * - `dumpHandle` passes the tool's stdout through a byte counter (no buffering, backpressure intact)
 *   and settles `done` only after the tool exited AND every byte went through, so a 0-byte dump fails.
 * - `feedTool` pipes an input stream into a tool's stdin with backpressure. If the input fails, the tool
 *   is killed before it ever sees end-of-input, so a half-read backup can never look like a whole one.
 */
import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { finished } from "node:stream/promises";
import type { ToolProcess } from "@/lib/process/spawn-tool";
import { AdapterError } from "../errors";
import type { DumpHandle } from "../types";

export type ToolExit = Awaited<ToolProcess["exited"]>;

export const spawnFailure = (tool: string, e: NodeJS.ErrnoException): AdapterError =>
  e.code === "ENOENT"
    ? new AdapterError("TOOL_MISSING", `${tool} is not installed on this host (not found on PATH)`, { cause: e })
    : new AdapterError("FAILED", `could not start ${tool}: ${e.message}`, { cause: e });

/** "exited with code 1" / "was killed by SIGKILL" */
export const describeExit = (exit: ToolExit): string =>
  exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal ?? "a signal"}`;

/**
 * The stderr tail for a message: the last lines, each cut to 300 characters (tools echo whole failing
 * statements, which can be megabytes of one INSERT), at most ~1500 characters in all.
 */
export const tailForMessage = (stderr: string, max = 1500): string => {
  const t = stderr
    .trim()
    .split("\n")
    .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
    .join("\n");
  return t.length <= max ? t : `…${t.slice(t.length - max)}`;
};

export type DumpHandleOptions = {
  tool: string;
  signal?: AbortSignal;
  /** The error `done` rejects with when the tool exits non-zero (called with the stderr tail) */
  failure: (exit: ToolExit, stderrTail: string) => AdapterError;
  result: { toolVersion?: string; serverVersion?: string };
  /** Runs once the tool is gone (remove option files …) */
  cleanup?: () => Promise<void>;
};

export const dumpHandle = (proc: ToolProcess, opts: DumpHandleOptions): DumpHandle => {
  let bytes = 0;
  let cancelled = false;
  let settled = false;
  let consumerClosed = false;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  proc.stdout.on("error", (e) => counter.destroy(e));
  proc.stdout.pipe(counter);
  let readToEnd = false;
  counter.once("end", () => (readToEnd = true));
  counter.once("close", () => {
    if (readToEnd || settled) return;
    // The consumer dropped the stream: nobody will read the rest, so stop the tool.
    consumerClosed = true;
    proc.kill();
  });

  const cancel = () => {
    if (settled || cancelled) return;
    cancelled = true;
    proc.kill();
    // Without an error: a consumer with no 'error' listener must not crash; pipeline() still sees a premature close.
    counter.destroy();
  };
  if (opts.signal?.aborted) cancel();
  opts.signal?.addEventListener("abort", cancel, { once: true });

  const done = (async () => {
    const exit = await proc.exited;
    try {
      if (cancelled) throw new AdapterError("CANCELLED", `${opts.tool} was cancelled`);
      if (exit.spawnError) throw spawnFailure(opts.tool, exit.spawnError);
      if (consumerClosed) throw new AdapterError("FAILED", `the dump stream was closed before ${opts.tool} finished`);
      if (exit.code !== 0) throw opts.failure(exit, proc.stderrTail());
      try {
        await finished(counter, { readable: false });
      } catch (e) {
        throw new AdapterError("FAILED", `the dump stream was closed before ${opts.tool} finished`, { cause: e });
      }
      if (bytes === 0) throw new AdapterError("EMPTY_DUMP", `${opts.tool} exited successfully but wrote nothing`);
      return opts.result;
    } finally {
      settled = true;
      opts.signal?.removeEventListener("abort", cancel);
      await opts.cleanup?.().catch(() => undefined);
    }
  })();
  // The caller awaits `done`; this only keeps an early, unobserved rejection from crashing the process.
  done.catch(() => undefined);
  return { stream: counter, done, cancel };
};

/**
 * Call as soon as a restore receives its input: from then on an 'error' on it is ours to report (feedTool
 * reads `errored`), never an uncaught exception while the preflight queries run.
 */
export const adoptInput = (input: Readable): void => {
  input.on("error", () => undefined);
};

export type FeedResult = { exit: ToolExit; inputError?: unknown; cancelled: boolean };

/**
 * Streams `input` (through an optional `guard` transform that may fail at the end) into the tool's stdin
 * and waits for the tool to exit. stdin is ended only after the input (and guard) ended cleanly.
 */
export const feedTool = async (proc: ToolProcess, input: Readable, opts: { signal?: AbortSignal; guard?: Transform } = {}): Promise<FeedResult> => {
  const stdin = proc.stdin;
  if (!stdin) throw new Error("feedTool needs a tool spawned with stdin: 'pipe'");
  let inputError: unknown;
  let cancelled = false;
  const stop = (e?: unknown) => {
    if (e !== undefined && inputError === undefined) inputError = e;
    proc.kill();
  };
  const onAbort = () => {
    cancelled = true;
    stop();
  };
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  stdin.on("error", () => undefined); // EPIPE when the tool exits early: its exit code and stderr tell why
  input.on("error", stop);
  // A producer destroyed without an error (a cancelled dump piped in) never ends: that is a failure too.
  const closedEarly = () => {
    if (!input.readableEnded) stop(input.errored ?? new Error("the input stream was closed before its end"));
  };
  if (input.destroyed) closedEarly();
  else input.once("close", closedEarly);
  const source = opts.guard ? input.pipe(opts.guard) : input;
  opts.guard?.on("error", stop);
  source.pipe(stdin, { end: false });
  source.once("end", () => {
    if (inputError === undefined && !cancelled) stdin.end();
  });

  const exit = await proc.exited;
  opts.signal?.removeEventListener("abort", onAbort);
  input.off("close", closedEarly);
  source.unpipe(stdin);
  stdin.destroy();
  if (!input.readableEnded) input.destroy();
  if (opts.guard && !opts.guard.destroyed) opts.guard.destroy();
  return { exit, inputError, cancelled };
};
