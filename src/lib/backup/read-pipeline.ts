/**
 * Reading a stored backup back, in one streaming pass (DESIGN §4, the backup pipeline in reverse):
 *
 *   stored bytes → byte meter → sha256 check → age decrypt (if encrypted) → decompress → output
 *
 * `mode` says how far to go: "raw" (the bytes as stored, still checked), "decrypted" (age removed,
 * still compressed) or "plain" (what the dump tool wrote: what a restore tool reads).
 *
 * The sha256 and size of the stored bytes are compared when the input ends, BEFORE the output ends:
 * a mismatch makes the output fail instead of finishing, so a consumer never sees a clean end of a
 * corrupted backup. age authenticates every 64 KiB chunk, so a flipped byte inside an encrypted
 * backup usually fails earlier still. Every failure is a BackupReadError with a code people and tests
 * can tell apart (a wrong key is not a corrupted file).
 */
import { createHash } from "node:crypto";
import { type Readable, Transform, type TransformCallback, Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { createDecompressor } from "@/lib/compression/codec";
import type { CompressionKind } from "@/lib/compression/kinds";
import { createAgeDecryptStream, isAgeError } from "@/lib/crypto/age";

export type ReadMode = "raw" | "decrypted" | "plain";

export type BackupReadErrorCode =
  /** The stored bytes' sha256 differs from the manifest's */
  | "CHECKSUM_MISMATCH"
  /** Fewer or more stored bytes than the manifest says */
  | "SIZE_MISMATCH"
  /** age: the payload or header failed authentication (tampered or corrupted) */
  | "AUTH_FAILED"
  /** age: the file ends before its final chunk */
  | "TRUNCATED"
  /** age: none of the given identities opens the file */
  | "WRONG_KEY"
  /** the backup is encrypted and no identity was given */
  | "NO_KEY"
  /** the file is not what the manifest says (not age, not zstd/gzip) */
  | "BAD_FORMAT"
  /** the decompressor failed: the compressed stream is damaged */
  | "DECOMPRESS_FAILED"
  /** reading from the destination failed */
  | "READ_FAILED"
  | "CANCELLED";

export class BackupReadError extends Error {
  readonly code: BackupReadErrorCode;
  constructor(code: BackupReadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BackupReadError";
    this.code = code;
  }
}

export const isBackupReadError = (e: unknown, code?: BackupReadErrorCode): e is BackupReadError =>
  e instanceof BackupReadError && (code === undefined || e.code === code);

/** What the manifest promises about the stored bytes */
export type StoredBackupSpec = {
  sha256: string;
  /** Stored size from the manifest; checked when given */
  storedBytes?: number | null;
  compression: CompressionKind;
  encrypted: boolean;
};

export type BackupReadOptions = {
  mode: ReadMode;
  /** age identities (AGE-SECRET-KEY-1…) for an encrypted backup; needed for "decrypted" and "plain" */
  identities?: string[];
  signal?: AbortSignal;
  /** Stored bytes read so far (called often; keep it cheap) */
  onStoredBytes?: (bytes: number) => void;
};

export type BackupReadResult = { storedBytes: number; sha256: string; outputBytes: number };

export type BackupReadHandle = {
  /** The output, as `mode` says */
  stream: Readable;
  /** Settles when the output has been read to its end (resolves) or the pass failed (rejects with BackupReadError) */
  done: Promise<BackupReadResult>;
};

/** Passes the stored bytes on, hashing them; refuses to end when the hash or the size is wrong. */
class ChecksumGate extends Transform {
  readonly #hash = createHash("sha256");
  #bytes = 0;
  #digest = "";
  constructor(
    private readonly spec: StoredBackupSpec,
    private readonly onBytes?: (n: number) => void,
  ) {
    super();
  }
  get bytes(): number {
    return this.#bytes;
  }
  get digest(): string {
    return this.#digest;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    this.onBytes?.(this.#bytes);
    const max = this.spec.storedBytes;
    if (max != null && this.#bytes > max) {
      cb(new BackupReadError("SIZE_MISMATCH", `the stored file is larger than the ${max} bytes its manifest records`));
      return;
    }
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    this.#digest = this.#hash.digest("hex");
    const expected = this.spec.storedBytes;
    if (expected != null && this.#bytes !== expected) {
      cb(new BackupReadError("SIZE_MISMATCH", `the stored file has ${this.#bytes} bytes, its manifest records ${expected}: it is truncated or was replaced`));
      return;
    }
    if (this.#digest !== this.spec.sha256.toLowerCase()) {
      cb(new BackupReadError("CHECKSUM_MISMATCH", `sha256 mismatch: the stored file hashes to ${this.#digest.slice(0, 12)}…, its manifest records ${this.spec.sha256.slice(0, 12)}…: the file is corrupted or was modified`));
      return;
    }
    cb();
  }
}

/** The consumer's end of the pass: counts the output and gives every failure as a BackupReadError. */
class OutputCounter extends Transform {
  bytes = 0;
  constructor(private readonly mapError: (e: unknown) => BackupReadError) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    cb(null, chunk);
  }
  override _destroy(error: Error | null, cb: (error?: Error | null) => void): void {
    cb(error ? this.mapError(error) : null);
  }
}

const isPrematureClose = (e: unknown): boolean => (e as NodeJS.ErrnoException | undefined)?.code === "ERR_STREAM_PREMATURE_CLOSE";

/** One clear error from whatever broke first. */
export const toBackupReadError = (e: unknown, spec: StoredBackupSpec, signal?: AbortSignal): BackupReadError => {
  if (e instanceof BackupReadError) return e;
  if (signal?.aborted || (e instanceof Error && e.name === "AbortError")) return new BackupReadError("CANCELLED", "the read was cancelled", { cause: e });
  if (isAgeError(e)) {
    switch (e.code) {
      case "NO_MATCHING_KEY":
      case "INVALID_KEY":
        return new BackupReadError("WRONG_KEY", `wrong key: ${e.message}. The backup was encrypted to another encryption profile`, { cause: e });
      case "TRUNCATED":
      case "BAD_FINAL_CHUNK":
        return new BackupReadError("TRUNCATED", `the encrypted file is truncated: ${e.message}`, { cause: e });
      case "NOT_AGE":
        return new BackupReadError("BAD_FORMAT", `the file is not an age-encrypted backup: ${e.message}`, { cause: e });
      default:
        return new BackupReadError("AUTH_FAILED", `the encrypted file failed authentication (${e.message}): it is corrupted or was modified`, { cause: e });
    }
  }
  const msg = e instanceof Error ? e.message : String(e);
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string" && code.startsWith("Z_")) return new BackupReadError("DECOMPRESS_FAILED", `gzip: ${msg}: the compressed data is damaged`, { cause: e });
  if (e instanceof Error && e.name === "ZstdError") return new BackupReadError("DECOMPRESS_FAILED", `zstd: ${msg}: the compressed data is damaged`, { cause: e });
  return new BackupReadError("READ_FAILED", `reading the backup failed: ${msg}`, { cause: e });
};

/**
 * Starts the pass. `stored` is the destination's read stream; it is consumed (and destroyed on failure).
 * Throws BackupReadError NO_KEY at once when decryption is needed and no identity was given.
 */
export const openBackupRead = (stored: Readable, spec: StoredBackupSpec, opts: BackupReadOptions): BackupReadHandle => {
  const decrypt = spec.encrypted && opts.mode !== "raw";
  if (decrypt && (opts.identities?.length ?? 0) === 0) {
    stored.destroy();
    throw new BackupReadError("NO_KEY", "this backup is encrypted and its encryption profile's key is not available");
  }
  const gate = new ChecksumGate(spec, opts.onStoredBytes);
  const stages: Transform[] = [gate];
  if (decrypt) stages.push(createAgeDecryptStream(opts.identities ?? []));
  if (opts.mode === "plain" && spec.compression !== "none") stages.push(createDecompressor(spec.compression).stream as Transform);
  const mapError = (e: unknown) => toBackupReadError(e, spec, opts.signal);
  const counter = new OutputCounter(mapError);
  stages.push(counter);

  // The consumer reads `counter`; the pipeline covers everything up to it (a consumer that stops early
  // destroys `counter`, and the pipeline then stops reading the destination).
  const piped = pipeline([stored, ...stages] as unknown as [Readable, Transform], { signal: opts.signal });
  const consumed = finished(counter);
  const done = Promise.allSettled([piped, consumed]).then(([p, c]) => {
    if (p.status === "fulfilled" && c.status === "fulfilled") return { storedBytes: gate.bytes, sha256: gate.digest, outputBytes: counter.bytes };
    // The pipeline's own failure says more than "premature close" on the consumer's side.
    const pe = p.status === "rejected" ? p.reason : undefined;
    const ce = c.status === "rejected" ? c.reason : undefined;
    if (pe !== undefined && !isPrematureClose(pe)) throw mapError(pe);
    if (ce !== undefined && !isPrematureClose(ce)) throw mapError(ce);
    throw new BackupReadError("CANCELLED", "the reader stopped before the end of the backup", { cause: pe ?? ce });
  });
  void done.catch(() => undefined);
  return { stream: counter, done };
};

/** Reads the whole backup and throws away the output: the verification pass. */
export const drainBackupRead = async (handle: BackupReadHandle): Promise<BackupReadResult> => {
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  await pipeline(handle.stream, sink).catch(() => undefined);
  return handle.done;
};
