export { createCompressor, createDecompressor, type CodecOptions, type CodecStream } from "./codec";
export {
  COMPRESSION_KINDS,
  COMPRESSION_LEVEL_RANGE,
  DEFAULT_COMPRESSION_LEVEL,
  compressionExtension,
  isCompressionKind,
  resolveCompressionLevel,
  type CompressionKind,
} from "./kinds";
export { ZstdError, ZstdStream, zstdArgs, zstdAvailable, type ZstdBinaryOptions, type ZstdMode } from "./zstd";
