/**
 * The age v1 payload (STREAM construction): payload key = HKDF-SHA256(file key, salt = 16-byte nonce,
 * info = "payload"); 64 KiB plaintext chunks sealed with ChaCha20-Poly1305; chunk nonce = 11-byte
 * big-endian counter || last-chunk flag (0x01 on the final chunk, else 0x00). Done with node:crypto,
 * which is an order of magnitude faster than the pure-JS cipher in `age-encryption`.
 */
import { createCipheriv, createDecipheriv, hkdfSync } from "node:crypto";

export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
export const PAYLOAD_NONCE_SIZE = 16;
export const FILE_KEY_SIZE = 16;
/** Stream buffer size on each side of the age transforms: about two sealed chunks. */
export const AGE_STREAM_HIGH_WATER_MARK = 128 * 1024;

const ALGORITHM = "chacha20-poly1305";

export function payloadKey(fileKey: Uint8Array, nonce: Uint8Array): Buffer {
  if (nonce.length !== PAYLOAD_NONCE_SIZE) throw new Error(`payload nonce must be ${PAYLOAD_NONCE_SIZE} bytes`);
  return Buffer.from(hkdfSync("sha256", fileKey, nonce, "payload", 32));
}

/** 12-byte chunk nonce: 11-byte big-endian counter, then the last-chunk flag. */
export function chunkNonce(counter: number, last: boolean): Buffer {
  if (!Number.isSafeInteger(counter) || counter < 0) throw new Error("chunk counter out of range");
  const nonce = Buffer.alloc(12);
  nonce.writeUInt32BE(Math.floor(counter / 2 ** 32), 3);
  nonce.writeUInt32BE(counter % 2 ** 32, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/**
 * Seals one plaintext chunk (at most 64 KiB) and returns the ciphertext and the 16-byte tag as two
 * buffers, which the streams push one after the other: joining them would cost a copy and an allocation.
 */
export function sealChunkParts(key: Uint8Array, counter: number, last: boolean, plaintext: Uint8Array): [Buffer, Buffer] {
  const cipher = createCipheriv(ALGORITHM, key, chunkNonce(counter, last), { authTagLength: TAG_SIZE });
  const body = cipher.update(plaintext);
  cipher.final();
  return [body, cipher.getAuthTag()];
}

/** Seals one plaintext chunk (at most 64 KiB): ciphertext || 16-byte tag, in one buffer. */
export function sealChunk(key: Uint8Array, counter: number, last: boolean, plaintext: Uint8Array): Buffer {
  return Buffer.concat(sealChunkParts(key, counter, last, plaintext));
}

/**
 * Opens one sealed chunk. Returns the plaintext only when the tag verifies, else null: the bytes
 * `update()` returns are unauthenticated until `final()` passes, so they never leave this function early.
 */
export function openChunk(key: Uint8Array, counter: number, last: boolean, sealed: Uint8Array): Buffer | null {
  if (sealed.length < TAG_SIZE) return null;
  const decipher = createDecipheriv(ALGORITHM, key, chunkNonce(counter, last), { authTagLength: TAG_SIZE });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    return null;
  }
  return plaintext;
}
