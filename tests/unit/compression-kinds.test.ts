import { describe, expect, it } from "vitest";
import {
  COMPRESSION_KINDS,
  compressionExtension,
  isCompressionKind,
  resolveCompressionLevel,
  zstdArgs,
} from "@/lib/compression";

describe("compression kinds", () => {
  it("maps each kind to its file extension", () => {
    expect(compressionExtension("zstd")).toBe(".zst");
    expect(compressionExtension("gzip")).toBe(".gz");
    expect(compressionExtension("none")).toBe("");
    expect(() => compressionExtension("lz4" as never)).toThrow(TypeError);
  });

  it("recognises the kinds stored as strings", () => {
    expect(COMPRESSION_KINDS).toEqual(["zstd", "gzip", "none"]);
    for (const k of COMPRESSION_KINDS) expect(isCompressionKind(k)).toBe(true);
    for (const k of ["", "ZSTD", "gz", "zst", null, 3]) expect(isCompressionKind(k)).toBe(false);
  });

  it("defaults the levels to zstd 3 and gzip 6 and checks the ranges", () => {
    expect(resolveCompressionLevel("zstd", undefined)).toBe(3);
    expect(resolveCompressionLevel("zstd", null)).toBe(3);
    expect(resolveCompressionLevel("gzip", undefined)).toBe(6);
    expect(resolveCompressionLevel("zstd", 19)).toBe(19);
    expect(resolveCompressionLevel("gzip", 1)).toBe(1);
    expect(() => resolveCompressionLevel("zstd", 0)).toThrow(RangeError);
    expect(() => resolveCompressionLevel("zstd", 20)).toThrow(/1 to 19/);
    expect(() => resolveCompressionLevel("gzip", 10)).toThrow(/0 to 9/);
    expect(() => resolveCompressionLevel("gzip", Number.NaN)).toThrow(RangeError);
  });

  it("builds the zstd argv (no shell, stdin to stdout, all cores)", () => {
    expect(zstdArgs("compress", 3)).toEqual(["-q", "-c", "-T0", "-3"]);
    expect(zstdArgs("compress", 19)).toEqual(["-q", "-c", "-T0", "-19"]);
    expect(zstdArgs("decompress")).toEqual(["-q", "-d", "-c"]);
  });
});
