/**
 * An age v1 file in, plaintext out, as a Node Transform. Each 64 KiB chunk is released only after its
 * tag verified, but chunks are released as they verify: a later chunk can still fail, so a restore must
 * write to a temporary place and commit only when this stream ends without error.
 */
import { Transform, type TransformCallback } from "node:stream";
import { AgeError } from "./errors";
import { HeaderReader, unwrapFileKey } from "./header";
import { assertIdentities } from "./keys";
import { AGE_STREAM_HIGH_WATER_MARK, PAYLOAD_NONCE_SIZE, SEALED_CHUNK_SIZE, TAG_SIZE, openChunk, payloadKey } from "./payload";

/** On a failing short last chunk, how many trailing bytes to try trimming off to recognise appended junk. */
const TRAILING_PROBE_LIMIT = 256;

class AgeDecryptTransform extends Transform {
  private readonly identities: string[];
  private headerReader: HeaderReader | null = new HeaderReader();
  private key: Buffer | null = null;
  private nonceSeen = false;
  /** Ciphertext not yet decrypted (at most one sealed chunk plus one input write). */
  private queue: Buffer[] = [];
  private queued = 0;
  private counter = 0;
  /** Where a sealed chunk split across input buffers is assembled; reused, as chunks are opened at once. */
  private readonly scratch = Buffer.allocUnsafe(SEALED_CHUNK_SIZE);

  constructor(identities: string[]) {
    super({ readableHighWaterMark: AGE_STREAM_HIGH_WATER_MARK, writableHighWaterMark: AGE_STREAM_HIGH_WATER_MARK });
    this.identities = identities;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.headerReader) {
      let parsed;
      try {
        parsed = this.headerReader.push(chunk);
      } catch (e) {
        callback(e as Error);
        return;
      }
      if (!parsed) {
        callback();
        return;
      }
      this.headerReader = null;
      unwrapFileKey(parsed, this.identities).then(
        (fileKey) => {
          if (this.destroyed) {
            fileKey.fill(0);
            return;
          }
          this.key = fileKey; // the payload key replaces it once the nonce has arrived
          this.payload(parsed.rest, callback);
        },
        (e: unknown) => callback(e as Error),
      );
      return;
    }
    this.payload(chunk, callback);
  }

  private payload(chunk: Buffer, callback: TransformCallback): void {
    try {
      if (chunk.length > 0) {
        this.queue.push(chunk);
        this.queued += chunk.length;
      }
      if (!this.nonceSeen) {
        if (this.queued < PAYLOAD_NONCE_SIZE) {
          callback();
          return;
        }
        const fileKey = this.key!;
        this.key = payloadKey(fileKey, this.takeBytes(PAYLOAD_NONCE_SIZE));
        fileKey.fill(0);
        this.nonceSeen = true;
      }
      // A whole sealed chunk with at least one byte after it cannot be the last chunk.
      while (this.queued > SEALED_CHUNK_SIZE) this.openMiddle(this.takeBytes(SEALED_CHUNK_SIZE));
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  /**
   * Removes n (at most one sealed chunk) bytes from the front of the queue: a view when they lie in one
   * buffer, else assembled in the scratch buffer. Valid only until the next call.
   */
  private takeBytes(n: number): Buffer {
    const first = this.queue[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.queue.shift();
      else this.queue[0] = first.subarray(n);
    } else {
      out = this.scratch.subarray(0, n);
      let filled = 0;
      while (filled < n) {
        const head = this.queue[0]!;
        const k = Math.min(head.length, n - filled);
        head.copy(out, filled, 0, k);
        filled += k;
        if (k === head.length) this.queue.shift();
        else this.queue[0] = head.subarray(k);
      }
    }
    this.queued -= n;
    return out;
  }

  private openMiddle(sealed: Buffer): void {
    const key = this.key!;
    const plaintext = openChunk(key, this.counter, false, sealed);
    if (plaintext) {
      this.counter++;
      this.push(plaintext);
      return;
    }
    if (openChunk(key, this.counter, true, sealed)) {
      throw new AgeError(
        "TRAILING_DATA",
        `The age file has data after its final chunk (chunk ${this.counter + 1} is marked final but more bytes follow); something was appended to it.`,
      );
    }
    throw this.tampered();
  }

  private tampered(): AgeError {
    return new AgeError(
      "TAMPERED",
      `Chunk ${this.counter + 1} of the age payload failed authentication: the file was tampered with, corrupted, or its chunks were reordered or duplicated.`,
    );
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.headerReader) this.headerReader.end();
      if (!this.nonceSeen) throw new AgeError("TRUNCATED", "The age file is truncated: it ends right after its header, before the payload.");
      this.finish(this.queued > 0 ? this.takeBytes(this.queued) : Buffer.alloc(0));
      this.wipe();
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  /** End of input: what is left (0 to 65552 bytes) must be the final-flagged chunk. */
  private finish(last: Buffer): void {
    const key = this.key!;
    if (last.length < TAG_SIZE) {
      throw new AgeError(
        "TRUNCATED",
        last.length === 0 && this.counter === 0
          ? "The age file is truncated: it has a header but no payload."
          : "The age file is truncated: it ends in the middle of a chunk.",
      );
    }
    const plaintext = openChunk(key, this.counter, true, last);
    if (plaintext) {
      if (plaintext.length === 0 && this.counter > 0) {
        throw new AgeError(
          "BAD_FINAL_CHUNK",
          "The age file ends with an empty final chunk after data, which the age format forbids (only an empty file may have an empty final chunk).",
        );
      }
      this.counter++;
      this.push(plaintext);
      return;
    }
    if (last.length === SEALED_CHUNK_SIZE) {
      if (openChunk(key, this.counter, false, last)) {
        throw new AgeError(
          "TRUNCATED",
          `The age file is truncated: it ends exactly after chunk ${this.counter + 1}, which is not marked as the final chunk.`,
        );
      }
      throw this.tampered();
    }
    // A short last chunk that fails can be a cut-off chunk, junk appended to a real final chunk, or an
    // altered final chunk. Appended junk is recognisable: trimming it makes the chunk verify.
    const probes = Math.min(TRAILING_PROBE_LIMIT, last.length - TAG_SIZE);
    for (let t = 1; t <= probes; t++) {
      if (openChunk(key, this.counter, true, last.subarray(0, last.length - t))) {
        throw new AgeError("TRAILING_DATA", `The age file has ${t} byte${t === 1 ? "" : "s"} of extra data after its final chunk; something was appended to it.`);
      }
    }
    throw new AgeError(
      "TRUNCATED",
      `The age file is truncated: it ends in the middle of chunk ${this.counter + 1} (or that last chunk was altered).`,
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.wipe();
    callback(error);
  }

  private wipe(): void {
    this.key?.fill(0);
    this.queue = [];
    this.queued = 0;
  }
}

/**
 * A Transform that decrypts an age v1 (binary, X25519) file with any of the identities. Throws
 * AgeError("INVALID_KEY") at once for malformed identities; every other failure is an AgeError emitted
 * as the stream's error, with a code for what went wrong.
 */
export function createAgeDecryptStream(identities: string[]): Transform {
  return new AgeDecryptTransform(assertIdentities(identities));
}
