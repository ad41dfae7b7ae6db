/**
 * zstd through the `zstd` CLI (multi-threaded with -T0, and the binary users already trust to read the
 * files back), wrapped as one Duplex: bytes written go to the child's stdin, its stdout comes out.
 *
 * The readable side ends ONLY once the child has exited 0 after reading all of its input: a non-zero
 * exit, a signal, or an early exit errors the stream with the tail of zstd's stderr, so a truncated or
 * corrupt stream can never look like a clean end. Destroying the stream kills the child (its process
 * group) and closes the pipes, so the child is reaped. A missing binary gives "zstd is not installed".
 */
import { Duplex } from "node:stream";
import { runTool, spawnTool, type ToolProcess } from "@/lib/process/spawn-tool";

const HIGH_WATER_MARK = 64 * 1024;

export type ZstdBinaryOptions = {
  /** The zstd executable: a name looked up on PATH, or a path. Default "zstd" */
  binary?: string;
};

export type ZstdMode = "compress" | "decompress";

type ExitInfo = Awaited<ToolProcess["exited"]>;

export class ZstdError extends Error {
  override readonly name = "ZstdError";
  constructor(
    message: string,
    readonly code: "ZSTD_NOT_INSTALLED" | "ZSTD_SPAWN_FAILED" | "ZSTD_FAILED" | "ZSTD_EARLY_EXIT",
    readonly stderr = "",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const stderrSuffix = (tail: string): string => {
  // One line is what people read; keep the last 1 KiB so a log line stays a line.
  const t = tail.replace(/\s+/g, " ").trim();
  return t ? `: ${t.length > 1024 ? `…${t.slice(-1024)}` : t}` : "";
};

export const zstdArgs = (mode: ZstdMode, level?: number): string[] =>
  mode === "compress" ? ["-q", "-c", "-T0", `-${level ?? 3}`] : ["-q", "-d", "-c"];

export class ZstdStream extends Duplex {
  readonly mode: ZstdMode;
  readonly #tool: ToolProcess;
  readonly #binary: string;
  #exit: ExitInfo | undefined;
  #stdoutEnded = false;
  #finalCalled = false;
  #stdinDone = false;
  #stdinError: Error | undefined;
  #pendingWrite: ((error?: Error | null) => void) | undefined;
  #pendingFinal: ((error?: Error | null) => void) | undefined;
  #closedOut = false;

  constructor(mode: ZstdMode, args: readonly string[], opts: ZstdBinaryOptions = {}) {
    super({ highWaterMark: HIGH_WATER_MARK });
    this.mode = mode;
    this.#binary = opts.binary ?? "zstd";
    this.#tool = spawnTool(this.#binary, args, { stdin: "pipe" });
    const stdin = this.#tool.stdin;
    const stdout = this.#tool.stdout;
    if (!stdin) throw new Error("zstd was spawned without a stdin pipe");

    // stdin errors (EPIPE when zstd stops reading) are a symptom: the exit code and stderr say why.
    stdin.on("error", (e: Error) => {
      this.#stdinError ??= e;
      this.#settle();
    });
    stdin.on("drain", () => {
      const cb = this.#pendingWrite;
      this.#pendingWrite = undefined;
      cb?.();
    });
    stdin.on("finish", () => {
      this.#stdinDone = true;
      const cb = this.#pendingFinal;
      this.#pendingFinal = undefined;
      cb?.();
      this.#settle();
    });
    stdout.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) stdout.pause();
    });
    stdout.on("end", () => {
      this.#stdoutEnded = true;
      this.#settle();
    });
    stdout.on("error", () => undefined); // the exit code decides; a broken stdout also breaks zstd
    void this.#tool.exited.then((exit) => {
      this.#exit = exit;
      this.#settle();
    });
  }

  /** The child's pid (undefined when it could not be started) */
  get pid(): number | undefined {
    return this.#tool.child.pid;
  }

  /** Resolves with the child's exit once it has been reaped (also after destroy()). */
  get exited(): Promise<ExitInfo> {
    return this.#tool.exited;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const stdin = this.#tool.stdin;
    if (!stdin || this.#stdinError || this.#exit) {
      // The child is gone or not reading: hold the callback, #settle() destroys us with the real reason.
      this.#pendingWrite = callback;
      this.#settle();
      return;
    }
    if (stdin.write(chunk)) callback();
    else this.#pendingWrite = callback;
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#finalCalled = true;
    this.#pendingFinal = callback;
    this.#tool.stdin?.end();
    this.#settle();
  }

  override _read(): void {
    if (this.#tool.stdout.isPaused()) this.#tool.stdout.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#exit) this.#tool.kill(); // SIGTERM to the group, SIGKILL 3 s later if it lingers
    // Closing our ends lets the child die of EPIPE if it ignored the signal, and lets 'close' fire.
    this.#tool.stdin?.destroy();
    this.#tool.stdout.destroy();
    this.#pendingWrite = undefined;
    this.#pendingFinal = undefined;
    callback(error);
  }

  #failure(exit: ExitInfo): Error | undefined {
    const what = this.mode === "compress" ? "zstd compression" : "zstd decompression";
    if (exit.spawnError) {
      if (exit.spawnError.code === "ENOENT") {
        return new ZstdError(`zstd is not installed (could not find "${this.#binary}"); install the zstd package or choose gzip`, "ZSTD_NOT_INSTALLED", "", {
          cause: exit.spawnError,
        });
      }
      return new ZstdError(`could not start zstd: ${exit.spawnError.message}`, "ZSTD_SPAWN_FAILED", "", { cause: exit.spawnError });
    }
    const stderr = this.#tool.stderrTail();
    if (exit.signal) return new ZstdError(`${what} was killed by ${exit.signal}${stderrSuffix(stderr)}`, "ZSTD_FAILED", stderr);
    if (exit.code !== 0) return new ZstdError(`${what} failed (exit code ${exit.code})${stderrSuffix(stderr)}`, "ZSTD_FAILED", stderr);
    if (this.#stdinError || !this.#finalCalled) {
      return new ZstdError(`${what}: zstd exited before reading all of its input`, "ZSTD_EARLY_EXIT", stderr, { cause: this.#stdinError });
    }
    return undefined;
  }

  /** Decides, once enough is known, between ending the readable side and erroring the stream. */
  #settle(): void {
    if (this.destroyed || this.#closedOut) return;
    const exit = this.#exit;
    if (!exit) return; // errors on the pipes wait for the exit code, which tells the real reason
    const failure = this.#failure(exit);
    if (failure) {
      this.destroy(failure);
      return;
    }
    // Exit 0: end only once all output has been read and our end of stdin is closed.
    if (this.#stdoutEnded && this.#stdinDone) {
      this.#closedOut = true;
      this.push(null);
    }
  }
}

/** Whether a working zstd binary can be run (`zstd --version` exits 0). */
export const zstdAvailable = async (opts: ZstdBinaryOptions = {}): Promise<boolean> => {
  try {
    const r = await runTool(opts.binary ?? "zstd", ["--version"], { timeoutMs: 5000 });
    return r.code === 0 && !r.spawnError && !r.timedOut;
  } catch {
    return false;
  }
};
