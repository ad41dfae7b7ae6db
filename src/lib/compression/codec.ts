/**
 * Compressors and decompressors for the backup pipeline, all with the same shape: a Duplex to put in a
 * pipeline, and `done`, which settles once the output has been read to the end (resolves) or the stream
 * failed or was destroyed (rejects). `done` never causes an unhandled rejection if nobody awaits it.
 *
 * - zstd: the `zstd` CLI (`-q -c -T0 -<level>`, default 3; `-q -d -c`), see zstd.ts;
 * - gzip: node:zlib (level default 6);
 * - none: a PassThrough.
 */
import { PassThrough, type Duplex } from "node:stream";
import { finished } from "node:stream/promises";
import zlib from "node:zlib";
import { isCompressionKind, resolveCompressionLevel, type CompressionKind } from "./kinds";
import { ZstdStream, zstdArgs, type ZstdBinaryOptions } from "./zstd";

/** zlib's output chunk size: 64 KiB instead of 16 KiB, fewer and larger chunks downstream */
const ZLIB_CHUNK = 64 * 1024;

export type CodecStream = {
  stream: Duplex;
  /** Resolves when the output has been fully produced and read; rejects when the stream fails or is destroyed */
  done: Promise<void>;
};

export type CodecOptions = ZstdBinaryOptions;

const withDone = (stream: Duplex): CodecStream => {
  const done = finished(stream);
  void done.catch(() => undefined); // the caller may only watch the stream; never an unhandled rejection
  return { stream, done };
};

const assertKind: (kind: unknown) => asserts kind is CompressionKind = (kind) => {
  if (!isCompressionKind(kind)) throw new TypeError(`unknown compression kind: ${String(kind)}`);
};

/** A compressor for `kind`. Throws a RangeError for a level the kind does not have (zstd 1–19, gzip 0–9); "none" ignores the level. */
export const createCompressor = (kind: CompressionKind, level?: number | null, opts: CodecOptions = {}): CodecStream => {
  assertKind(kind);
  switch (kind) {
    case "zstd": {
      const l = resolveCompressionLevel("zstd", level);
      return withDone(new ZstdStream("compress", zstdArgs("compress", l), opts));
    }
    case "gzip":
      return withDone(zlib.createGzip({ level: resolveCompressionLevel("gzip", level), chunkSize: ZLIB_CHUNK }));
    case "none":
      return withDone(new PassThrough());
  }
};

export const createDecompressor = (kind: CompressionKind, opts: CodecOptions = {}): CodecStream => {
  assertKind(kind);
  switch (kind) {
    case "zstd":
      return withDone(new ZstdStream("decompress", zstdArgs("decompress"), opts));
    case "gzip":
      return withDone(zlib.createGunzip({ chunkSize: ZLIB_CHUNK }));
    case "none":
      return withDone(new PassThrough());
  }
};
