/**
 * Plaintext in, age v1 file out, as a Node Transform. Memory stays at about one 64 KiB chunk plus the
 * stream buffers; Transform's own backpressure applies (a slow reader stops further writes).
 */
import { randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { buildHeader } from "./header";
import { assertRecipients } from "./keys";
import { AGE_STREAM_HIGH_WATER_MARK, CHUNK_SIZE, PAYLOAD_NONCE_SIZE, payloadKey, sealChunkParts } from "./payload";

class AgeEncryptTransform extends Transform {
  private preamble: Buffer | null;
  private readonly key: Buffer;
  private readonly pending = Buffer.allocUnsafe(CHUNK_SIZE);
  private pendingLength = 0;
  private counter = 0;

  constructor(preamble: Buffer, key: Buffer) {
    super({ readableHighWaterMark: AGE_STREAM_HIGH_WATER_MARK, writableHighWaterMark: AGE_STREAM_HIGH_WATER_MARK });
    this.preamble = preamble;
    this.key = key;
  }

  private writePreamble(): void {
    if (this.preamble) {
      this.push(this.preamble);
      this.preamble = null;
    }
  }

  /** A chunk is sealed non-final only once a later byte proves it is not the last one. */
  private sealMiddle(plaintext: Buffer): void {
    this.pushSealed(false, plaintext);
  }

  private pushSealed(last: boolean, plaintext: Buffer): void {
    const [body, tag] = sealChunkParts(this.key, this.counter, last, plaintext);
    this.counter++;
    this.push(body);
    this.push(tag);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.writePreamble();
      let offset = 0;
      while (offset < chunk.length) {
        if (this.pendingLength === CHUNK_SIZE) {
          this.sealMiddle(this.pending);
          this.pendingLength = 0;
        }
        if (this.pendingLength === 0 && chunk.length - offset > CHUNK_SIZE) {
          // More than a whole chunk left in this input: seal straight from it, no copy.
          this.sealMiddle(chunk.subarray(offset, offset + CHUNK_SIZE));
          offset += CHUNK_SIZE;
          continue;
        }
        const n = Math.min(CHUNK_SIZE - this.pendingLength, chunk.length - offset);
        chunk.copy(this.pending, this.pendingLength, offset, offset + n);
        this.pendingLength += n;
        offset += n;
      }
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  /**
   * The final chunk carries the last-chunk flag. It is full when the plaintext is a non-zero multiple of
   * 64 KiB, and empty only when the whole plaintext is empty (exactly what the age CLI writes).
   */
  override _flush(callback: TransformCallback): void {
    try {
      this.writePreamble();
      this.pushSealed(true, this.pending.subarray(0, this.pendingLength));
      this.wipe();
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.wipe();
    callback(error);
  }

  private wipe(): void {
    this.key.fill(0);
    this.pending.fill(0);
    this.pendingLength = 0;
  }
}

/**
 * A Transform that turns plaintext into an age v1 file readable by `age -d` with any of the
 * recipients' identities. Throws AgeError("INVALID_KEY") for a missing or malformed recipient.
 */
export async function createAgeEncryptStream(recipients: string[]): Promise<Transform> {
  const valid = assertRecipients(recipients);
  const { header, fileKey } = await buildHeader(valid);
  // A fresh nonce, never the package's: the one it used for its empty payload must not be reused.
  const nonce = randomBytes(PAYLOAD_NONCE_SIZE);
  const key = payloadKey(fileKey, nonce);
  fileKey.fill(0);
  return new AgeEncryptTransform(Buffer.concat([header, nonce]), key);
}
