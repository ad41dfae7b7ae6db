/** Compression kinds, their file extensions and their levels. */

export const COMPRESSION_KINDS = ["zstd", "gzip", "none"] as const;
export type CompressionKind = (typeof COMPRESSION_KINDS)[number];

export const isCompressionKind = (value: unknown): value is CompressionKind =>
  typeof value === "string" && (COMPRESSION_KINDS as readonly string[]).includes(value);

/** zstd 3 (the DESIGN default: about the speed of the dump itself), gzip 6 (gzip's own default) */
export const DEFAULT_COMPRESSION_LEVEL = { zstd: 3, gzip: 6 } as const;

/** zstd 20–22 need --ultra and hundreds of MiB of window memory: not offered. gzip 0 stores only. */
export const COMPRESSION_LEVEL_RANGE = { zstd: { min: 1, max: 19 }, gzip: { min: 0, max: 9 } } as const;

/** The suffix added after the dump's own extension: ".zst", ".gz" or "" */
export const compressionExtension = (kind: CompressionKind): "" | ".gz" | ".zst" => {
  switch (kind) {
    case "zstd":
      return ".zst";
    case "gzip":
      return ".gz";
    case "none":
      return "";
    default:
      throw new TypeError(`unknown compression kind: ${String(kind satisfies never)}`);
  }
};

/** The level to use: the default when none is given; a RangeError for a level the kind does not have. */
export const resolveCompressionLevel = (kind: "zstd" | "gzip", level: number | null | undefined): number => {
  if (level === undefined || level === null) return DEFAULT_COMPRESSION_LEVEL[kind];
  const { min, max } = COMPRESSION_LEVEL_RANGE[kind];
  if (!Number.isInteger(level) || level < min || level > max) {
    throw new RangeError(`${kind} compression level must be an integer from ${min} to ${max}, got ${level}`);
  }
  return level;
};
