import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { drainBackupRead, openBackupRead, type StoredBackupSpec } from "@/lib/backup/read-pipeline";
import { createCompressor } from "@/lib/compression/codec";
import type { CompressionKind } from "@/lib/compression/kinds";
import { createAgeEncryptStream, generateAgeKeyPair } from "@/lib/crypto/age";

const collect = async (r: Readable): Promise<Buffer> => {
  const parts: Buffer[] = [];
  await pipeline(r, new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }));
  return Buffer.concat(parts);
};

/** A stored artifact made the way the engine makes one: compress, then encrypt. */
const store = async (plain: Buffer, compression: CompressionKind, recipient?: string) => {
  const codec = createCompressor(compression, null);
  const stages = [codec.stream, ...(recipient ? [await createAgeEncryptStream([recipient])] : [])];
  const parts: Buffer[] = [];
  await pipeline([Readable.from([plain]), ...stages, new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) })]);
  const bytes = Buffer.concat(parts);
  const spec: StoredBackupSpec = { sha256: createHash("sha256").update(bytes).digest("hex"), storedBytes: bytes.length, compression, encrypted: !!recipient };
  return { bytes, spec };
};

const plain = Buffer.concat([Buffer.from("-- dump\n".repeat(20_000)), randomBytes(300_000)]);

describe("openBackupRead", () => {
  for (const compression of ["zstd", "gzip", "none"] as const) {
    it(`${compression} + age: raw, decrypted and plain modes give back what was stored`, async () => {
      const keys = await generateAgeKeyPair();
      const { bytes, spec } = await store(plain, compression, keys.recipient);
      const raw = openBackupRead(Readable.from([bytes]), spec, { mode: "raw" });
      expect((await collect(raw.stream)).equals(bytes)).toBe(true);
      expect(await raw.done).toMatchObject({ storedBytes: bytes.length, sha256: spec.sha256, outputBytes: bytes.length });
      const full = openBackupRead(Readable.from([bytes]), spec, { mode: "plain", identities: [keys.identity] });
      expect((await collect(full.stream)).equals(plain)).toBe(true);
      expect((await full.done).outputBytes).toBe(plain.length);
      const dec = openBackupRead(Readable.from([bytes]), spec, { mode: "decrypted", identities: [keys.identity] });
      const decrypted = await collect(dec.stream);
      if (compression === "none") expect(decrypted.equals(plain)).toBe(true);
      else expect(decrypted.length).toBeLessThan(plain.length);
    });
  }

  it("a flipped byte in an encrypted backup fails authentication, never ends cleanly", async () => {
    const keys = await generateAgeKeyPair();
    const { bytes, spec } = await store(plain, "zstd", keys.recipient);
    const bad = Buffer.from(bytes);
    bad[Math.floor(bad.length / 2)]! ^= 0x01;
    const h = openBackupRead(Readable.from([bad]), spec, { mode: "plain", identities: [keys.identity] });
    // Whichever check sees it first: age's chunk authentication or the sha256 at the end.
    const err = await drainBackupRead(h).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ name: "BackupReadError" });
    expect(["AUTH_FAILED", "CHECKSUM_MISMATCH"]).toContain((err as { code: string }).code);
  });

  it("a flipped byte in an unencrypted, uncompressed backup is a checksum mismatch, and the output errors instead of ending", async () => {
    const { bytes, spec } = await store(plain, "none");
    const bad = Buffer.from(bytes);
    bad[bad.length - 10]! ^= 0x80;
    const h = openBackupRead(Readable.from([bad]), spec, { mode: "plain" });
    await expect(collect(h.stream)).rejects.toMatchObject({ code: "CHECKSUM_MISMATCH" });
    await expect(h.done).rejects.toMatchObject({ code: "CHECKSUM_MISMATCH" });
  });

  it("a truncated file is a size mismatch; a wrong key and a missing key have their own codes", async () => {
    const keys = await generateAgeKeyPair();
    const other = await generateAgeKeyPair();
    const { bytes, spec } = await store(plain, "gzip", keys.recipient);
    await expect(drainBackupRead(openBackupRead(Readable.from([bytes.subarray(0, bytes.length - 100)]), spec, { mode: "raw" }))).rejects.toMatchObject({ code: "SIZE_MISMATCH" });
    await expect(drainBackupRead(openBackupRead(Readable.from([bytes]), spec, { mode: "plain", identities: [other.identity] }))).rejects.toMatchObject({ code: "WRONG_KEY" });
    expect(() => openBackupRead(Readable.from([bytes]), spec, { mode: "plain" })).toThrow(expect.objectContaining({ code: "NO_KEY" }));
  });

  it("a consumer that stops early ends the pass as CANCELLED and stops reading the source", async () => {
    const { bytes, spec } = await store(plain, "none");
    const source = Readable.from((function* () { for (let i = 0; i < bytes.length; i += 16_384) yield bytes.subarray(i, i + 16_384); })());
    const h = openBackupRead(source, spec, { mode: "plain" });
    h.stream.once("data", () => h.stream.destroy());
    await expect(h.done).rejects.toMatchObject({ code: "CANCELLED" });
    expect(source.destroyed).toBe(true);
  });
});
