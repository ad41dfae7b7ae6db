/** A pass-through that hashes what goes by: the sha256 of the stored bytes recorded in the manifest. */
import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

export class HashTap extends Transform {
  readonly algorithm: string;
  #hash: Hash;
  #digest: string | undefined;
  #bytes = 0;

  constructor(algorithm = "sha256") {
    super();
    this.algorithm = algorithm;
    this.#hash = createHash(algorithm); // throws for an unknown algorithm, at construction time
  }

  /** Bytes hashed so far */
  get bytes(): number {
    return this.#bytes;
  }

  /** The hex digest of everything that passed through; available once 'finish' (or 'end') has fired. */
  digest(): string {
    if (this.#digest === undefined) throw new Error(`${this.algorithm} digest is not available before the stream has finished`);
    return this.#digest;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    callback(null, chunk);
  }

  // _flush runs before 'finish' is emitted, so the digest is ready for 'finish' and 'end' listeners.
  override _flush(callback: TransformCallback): void {
    this.#digest = this.#hash.digest("hex");
    callback();
  }
}

export const createHashTap = (algorithm = "sha256"): HashTap => new HashTap(algorithm);
