/**
 * A pass-through that counts the bytes going by: the raw size of a dump, its progress, and the
 * "the dump produced 0 bytes" check (`meter.bytes === 0` once the stream has finished).
 */
import { Transform, type TransformCallback } from "node:stream";

export type ByteMeterOptions = {
  /** Monotonic clock in milliseconds; injectable for tests. Default performance.now() */
  now?: () => number;
};

export class ByteMeter extends Transform {
  #bytes = 0;
  #lastReport: number;
  readonly #onProgress: ((bytes: number) => void) | undefined;
  readonly #intervalMs: number;
  readonly #now: () => number;

  constructor(onProgress?: (bytes: number) => void, intervalMs = 250, opts: ByteMeterOptions = {}) {
    super();
    if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`intervalMs must be a finite number ≥ 0, got ${intervalMs}`);
    this.#onProgress = onProgress;
    this.#intervalMs = intervalMs;
    this.#now = opts.now ?? (() => performance.now());
    this.#lastReport = this.#now();
  }

  /** Bytes that have passed through so far (final once 'finish' has fired) */
  get bytes(): number {
    return this.#bytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#bytes += chunk.length;
    if (this.#onProgress) {
      const now = this.#now();
      if (now - this.#lastReport >= this.#intervalMs) {
        this.#lastReport = now;
        // A throwing progress callback errors the stream: a bug there must not pass silently.
        try {
          this.#onProgress(this.#bytes);
        } catch (e) {
          callback(e as Error);
          return;
        }
      }
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.#onProgress?.(this.#bytes);
    } catch (e) {
      callback(e as Error);
      return;
    }
    callback();
  }
}

/**
 * Counts bytes (`.bytes`) and reports them to `onProgress` at most once every `intervalMs`, plus exactly
 * once at the end with the final total (also for an empty stream). Data passes through untouched.
 * The throttle is a timestamp check on each chunk, so no timer is left behind by an abandoned stream.
 */
export const createByteMeter = (onProgress?: (bytes: number) => void, intervalMs = 250, opts?: ByteMeterOptions): ByteMeter =>
  new ByteMeter(onProgress, intervalMs, opts);
