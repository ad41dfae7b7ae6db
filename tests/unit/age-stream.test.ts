import { createHash, randomBytes } from "node:crypto";
import { Writable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { armor } from "age-encryption";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AgeError,
  type AgeErrorCode,
  type AgeKeyPair,
  createAgeDecryptStream,
  createAgeEncryptStream,
  generateAgeKeyPair,
} from "@/lib/crypto/age";
import { buildHeader } from "@/lib/crypto/age/header";
import { CHUNK_SIZE, SEALED_CHUNK_SIZE, payloadKey, sealChunk } from "@/lib/crypto/age/payload";

const KiB = 1024;
const MiB = 1024 * KiB;

// Written by age 1.1.1: `printf 'hello from age 1.1.1\n' | age -r <CLI_RECIPIENT> | base64`.
const CLI_IDENTITY = "AGE-SECRET-KEY-1GAJ98UYKP9A6FUWNCV78QMFT03NY2HFAR5SGKTSMT7V6SE9VUS3SVYDFCX";
const CLI_FILE = Buffer.from(
  "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSAyMVNSRkZTOE5JWlM2NGlUT09DekQwam9pYVlVVWxMVndLMC81RkZ6M1ZNCm1JNlN3Qk5kc1V3R0oyV241ZHQrei9tcFZvejZVOCt3Y0JxZW9YNHByWUEKLS0tIHkxbUp6ckZFYTlUcWUyL3lTK0hEdFNpZGtpWll2WGhTbkVpY1l0bzJEcW8Kl1UQ25giDNFTpsLsFDtJR3rW1DlhPYPbb6Mr35PKtBKAA2zHmaUuQbRV71b6cjS18YBHUZs=",
  "base64",
);

/** Feeds `input` in pieces of the given sizes (cycled), collecting what the transform emits. */
const run = async (t: Transform, input: Buffer, pieces: number[] = [input.length || 1]): Promise<Buffer> => {
  const out: Buffer[] = [];
  async function* source() {
    let i = 0;
    for (let off = 0; off < input.length; i++) {
      const n = Math.max(1, pieces[i % pieces.length]!);
      yield input.subarray(off, off + n);
      off += n;
    }
  }
  await pipeline(
    source(),
    t,
    new Writable({
      write(c: Buffer, _e, cb) {
        out.push(c);
        cb();
      },
    }),
  );
  return Buffer.concat(out);
};

/** Like run, but resolves with the error and whatever plaintext was released before it. */
const runExpectingError = async (t: Transform, input: Buffer, pieces?: number[]): Promise<{ err: AgeError; released: Buffer }> => {
  const released: Buffer[] = [];
  t.on("data", (c: Buffer) => released.push(c));
  const err = await run(t, input, pieces).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected the stream to fail").toBeInstanceOf(AgeError);
  return { err: err as AgeError, released: Buffer.concat(released) };
};

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

const encrypt = async (pt: Buffer, recipients: string[], pieces?: number[]) => run(await createAgeEncryptStream(recipients), pt, pieces);
const decrypt = (ct: Buffer, identities: string[], pieces?: number[]) => run(createAgeDecryptStream(identities), ct, pieces);

/** Splits our file into header, nonce and sealed chunks. */
const layout = (file: Buffer) => {
  const headerEnd = file.indexOf("\n", file.indexOf("\n--- ") + 1) + 1;
  const payloadStart = headerEnd + 16;
  const chunks: Buffer[] = [];
  for (let off = payloadStart; off < file.length; off += SEALED_CHUNK_SIZE) chunks.push(file.subarray(off, off + SEALED_CHUNK_SIZE));
  return { headerEnd, payloadStart, prefix: file.subarray(0, payloadStart), chunks };
};

const expectCode = async (ct: Buffer, code: AgeErrorCode, identities: string[], message?: RegExp, pieces?: number[]) => {
  const { err } = await runExpectingError(createAgeDecryptStream(identities), ct, pieces);
  expect(err.code, err.message).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
};

let alice: AgeKeyPair;
let bob: AgeKeyPair;
beforeAll(async () => {
  alice = await generateAgeKeyPair();
  bob = await generateAgeKeyPair();
});

describe("age round trips", () => {
  const sizes = [0, 1, 65535, 65536, 65537, 3 * 65536, MiB + 7];
  for (const size of sizes) {
    it(`round-trips ${size} bytes with the age file size the CLI produces`, async () => {
      const pt = randomBytes(size);
      const ct = await encrypt(pt, [alice.recipient]);
      const { payloadStart } = layout(ct);
      const chunks = Math.max(1, Math.ceil(size / CHUNK_SIZE));
      expect(ct.length).toBe(payloadStart + size + 16 * chunks);
      expect(ct.subarray(0, 22).toString()).toBe("age-encryption.org/v1\n");
      expect((await decrypt(ct, [alice.identity])).equals(pt)).toBe(true);
    });
  }

  it("gives the same result however the input is split", async () => {
    const pt = randomBytes(3 * 65536 + 100);
    const ct = await encrypt(pt, [alice.recipient], [1, 7, 65536, 65537, 3, 200_000]);
    for (const pieces of [[1], [13, 65552, 2], [65552], [65553], [SEALED_CHUNK_SIZE * 2 + 5], [ct.length]]) {
      const limit = pieces[0] === 1 ? 300 : undefined; // byte-by-byte through the header only, to keep it quick
      const split = limit ? [...Array<number>(limit).fill(1), 100_000] : pieces;
      expect(sha(await decrypt(ct, [alice.identity], split))).toBe(sha(pt));
    }
  });

  it("uses a fresh file key and nonce for every file", async () => {
    const pt = Buffer.from("same input");
    const a = await encrypt(pt, [alice.recipient]);
    const b = await encrypt(pt, [alice.recipient]);
    expect(layout(a).prefix.equals(layout(b).prefix)).toBe(false);
    expect(a.subarray(layout(a).headerEnd, layout(a).payloadStart).equals(b.subarray(layout(b).headerEnd, layout(b).payloadStart))).toBe(false);
  });

  it("encrypts to several recipients, each able to decrypt alone", async () => {
    const pt = randomBytes(70_000);
    const ct = await encrypt(pt, [alice.recipient, bob.recipient]);
    expect(ct.toString("latin1").match(/^-> X25519 /gm)).toHaveLength(2);
    expect((await decrypt(ct, [alice.identity])).equals(pt)).toBe(true);
    expect((await decrypt(ct, [bob.identity])).equals(pt)).toBe(true);
    const carol = await generateAgeKeyPair();
    expect((await decrypt(ct, [carol.identity, bob.identity])).equals(pt)).toBe(true);
  });

  it("decrypts a file written by the age CLI", async () => {
    expect((await decrypt(CLI_FILE, [CLI_IDENTITY])).toString()).toBe("hello from age 1.1.1\n");
  });

  it("matches an independent assembly from the primitives (full final chunk at a 64 KiB multiple)", async () => {
    const pt = randomBytes(2 * CHUNK_SIZE);
    const { header, fileKey } = await buildHeader([alice.recipient]);
    const nonce = randomBytes(16);
    const key = payloadKey(fileKey, nonce);
    const file = Buffer.concat([
      header,
      nonce,
      sealChunk(key, 0, false, pt.subarray(0, CHUNK_SIZE)),
      sealChunk(key, 1, true, pt.subarray(CHUNK_SIZE)),
    ]);
    expect((await decrypt(file, [alice.identity])).equals(pt)).toBe(true);
  });
});

describe("age stream lifecycle", () => {
  it("can be destroyed while the header is being unwrapped, or mid-payload, without stray output or errors", async () => {
    const pt = randomBytes(200_000);
    const ct = await encrypt(pt, [alice.recipient]);
    for (const cut of [100, layout(ct).payloadStart + 1000, ct.length - 10]) {
      const t = createAgeDecryptStream([alice.identity]);
      const errors: unknown[] = [];
      t.on("error", (e) => errors.push(e));
      t.on("data", () => undefined);
      t.write(ct.subarray(0, cut));
      t.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(t.destroyed).toBe(true);
      expect(errors).toEqual([]);
    }
    const enc = await createAgeEncryptStream([alice.recipient]);
    enc.write(pt);
    enc.destroy();
    expect(enc.destroyed).toBe(true);
  });
});

describe("age key errors", () => {
  it("rejects bad recipients and identities with INVALID_KEY", async () => {
    for (const recipients of [[], ["age1nope"], [alice.identity], [alice.recipient, "x"]]) {
      const err = await createAgeEncryptStream(recipients).then(
        () => null,
        (e: unknown) => e,
      );
      expect((err as AgeError).code).toBe("INVALID_KEY");
    }
    for (const identities of [[], [alice.recipient], ["AGE-SECRET-KEY-1"]]) {
      expect(() => createAgeDecryptStream(identities)).toThrow(expect.objectContaining({ code: "INVALID_KEY" }) as Error);
    }
    expect(() => createAgeDecryptStream([alice.recipient])).toThrow(/public key/);
  });
});

describe("age decrypt errors", () => {
  let pt3: Buffer; // three full chunks
  let ct3: Buffer;
  let ptShort: Buffer; // two full chunks and a short one
  let ctShort: Buffer;
  beforeAll(async () => {
    pt3 = randomBytes(3 * CHUNK_SIZE);
    ct3 = await encrypt(pt3, [alice.recipient]);
    ptShort = randomBytes(2 * CHUNK_SIZE + 1000);
    ctShort = await encrypt(ptShort, [alice.recipient]);
  });

  it("wrong identity: NO_MATCHING_KEY", async () => {
    await expectCode(ct3, "NO_MATCHING_KEY", [bob.identity], /1 recipient \(X25519\)/);
    const carol = await generateAgeKeyPair();
    await expectCode(ct3, "NO_MATCHING_KEY", [bob.identity, carol.identity], /None of the 2 given age identities/);
  });

  it("altered header MAC: HEADER_MAC", async () => {
    const bad = Buffer.from(ct3);
    const macAt = bad.indexOf("\n--- ") + 5;
    bad[macAt] = bad[macAt] === 0x41 ? 0x42 : 0x41; // another base64 letter, still canonical
    await expectCode(bad, "HEADER_MAC", [alice.identity], /MAC/);
  });

  it("a stanza added to the header: HEADER_MAC", async () => {
    const { headerEnd } = layout(ct3);
    const macLine = ct3.indexOf("\n--- ") + 1;
    const bad = Buffer.concat([ct3.subarray(0, macLine), Buffer.from("-> extra stanza\n\n"), ct3.subarray(macLine)]);
    expect(bad.length).toBe(ct3.length + 17);
    expect(headerEnd).toBeGreaterThan(macLine);
    await expectCode(bad, "HEADER_MAC", [alice.identity]);
  });

  it("random bytes, plain text and an empty input: NOT_AGE", async () => {
    await expectCode(randomBytes(100_000), "NOT_AGE", [alice.identity], /not an age file/);
    await expectCode(Buffer.from("-- PostgreSQL database dump\n"), "NOT_AGE", [alice.identity]);
    await expectCode(Buffer.alloc(0), "NOT_AGE", [alice.identity], /empty/);
  });

  it("rejects random bytes on the first bytes, without buffering the rest", async () => {
    const t = createAgeDecryptStream([alice.identity]);
    const failed = new Promise<unknown>((resolve) => t.on("error", resolve));
    t.write(Buffer.from("PK\x03\x04 a zip file"));
    expect(await failed).toMatchObject({ code: "NOT_AGE" });
  });

  it("an armored file: NOT_AGE, with advice", async () => {
    const armored = Buffer.from(armor.encode(ct3.subarray(0, 5000)));
    await expectCode(armored, "NOT_AGE", [alice.identity], /ASCII-armored.*age -d/);
    await expectCode(Buffer.concat([Buffer.from("\n  "), armored]), "NOT_AGE", [alice.identity], /armored/, [3, 5, 100]);
  });

  it("a malformed header: NOT_AGE", async () => {
    await expectCode(Buffer.from("age-encryption.org/v1\n-> X25519 abc\n!!!!\n--- x\n"), "NOT_AGE", [alice.identity], /malformed age header \(line 3/);
    await expectCode(Buffer.from("age-encryption.org/v1\nhello\n"), "NOT_AGE", [alice.identity], /malformed/);
    await expectCode(Buffer.from(`age-encryption.org/v1\n${"A".repeat(70_000)}`), "NOT_AGE", [alice.identity], /too long/);
  });

  it("truncated inside the header, the nonce, or right after the header: TRUNCATED", async () => {
    const { headerEnd, payloadStart } = layout(ct3);
    await expectCode(ct3.subarray(0, 10), "TRUNCATED", [alice.identity], /inside its header/);
    await expectCode(ct3.subarray(0, headerEnd - 3), "TRUNCATED", [alice.identity], /inside its header/);
    await expectCode(ct3.subarray(0, headerEnd), "TRUNCATED", [alice.identity], /before the payload/);
    await expectCode(ct3.subarray(0, headerEnd + 8), "TRUNCATED", [alice.identity], /before the payload/);
    await expectCode(ct3.subarray(0, payloadStart), "TRUNCATED", [alice.identity], /no payload/);
  });

  it("truncated exactly at a chunk boundary: TRUNCATED", async () => {
    const { payloadStart } = layout(ct3);
    for (const k of [1, 2]) {
      await expectCode(ct3.subarray(0, payloadStart + k * SEALED_CHUNK_SIZE), "TRUNCATED", [alice.identity], new RegExp(`exactly after chunk ${k}`));
    }
    const { payloadStart: ps } = layout(ctShort);
    await expectCode(ctShort.subarray(0, ps + 2 * SEALED_CHUNK_SIZE), "TRUNCATED", [alice.identity], /not marked as the final chunk/);
  });

  it("truncated mid-chunk: TRUNCATED, and only verified chunks were released", async () => {
    const { payloadStart } = layout(ct3);
    for (const cut of [5, 16, 1000, SEALED_CHUNK_SIZE - 1]) {
      const { err, released } = await runExpectingError(createAgeDecryptStream([alice.identity]), ct3.subarray(0, payloadStart + SEALED_CHUNK_SIZE + cut));
      expect(err.code, `cut ${cut}`).toBe("TRUNCATED");
      expect(err.message).toMatch(/middle of (a )?chunk/);
      expect(released.equals(pt3.subarray(0, CHUNK_SIZE))).toBe(true);
    }
  });

  it("a flipped byte in chunk 2: TAMPERED, with chunk 1 released and nothing of chunk 2", async () => {
    const { payloadStart } = layout(ct3);
    for (const at of [0, 40_000, SEALED_CHUNK_SIZE - 1 /* in the tag */]) {
      const bad = Buffer.from(ct3);
      bad[payloadStart + SEALED_CHUNK_SIZE + at]! ^= 0x01;
      const { err, released } = await runExpectingError(createAgeDecryptStream([alice.identity]), bad, [50_000]);
      expect(err.code).toBe("TAMPERED");
      expect(err.message).toMatch(/Chunk 2 .*tampered.*reordered/);
      expect(released.equals(pt3.subarray(0, CHUNK_SIZE))).toBe(true);
    }
  });

  it("a flipped byte in a full final chunk: TAMPERED", async () => {
    const { payloadStart } = layout(ct3);
    const bad = Buffer.from(ct3);
    bad[payloadStart + 2 * SEALED_CHUNK_SIZE + 7]! ^= 0x80;
    await expectCode(bad, "TAMPERED", [alice.identity], /Chunk 3/);
  });

  it("a flipped byte in a short final chunk: reported as TRUNCATED-or-altered (indistinguishable)", async () => {
    const bad = Buffer.from(ctShort);
    bad[bad.length - 100]! ^= 0x01;
    await expectCode(bad, "TRUNCATED", [alice.identity], /or that last chunk was altered/);
  });

  it("chunks 1 and 2 swapped: TAMPERED", async () => {
    const { prefix, chunks } = layout(ct3);
    await expectCode(Buffer.concat([prefix, chunks[1]!, chunks[0]!, chunks[2]!]), "TAMPERED", [alice.identity], /Chunk 1 .*reordered/);
  });

  it("chunk 1 duplicated: TAMPERED", async () => {
    const { prefix, chunks } = layout(ct3);
    await expectCode(Buffer.concat([prefix, chunks[0]!, chunks[0]!, chunks[1]!, chunks[2]!]), "TAMPERED", [alice.identity], /Chunk 2 .*duplicated/);
  });

  it("the short final chunk moved first: TAMPERED", async () => {
    const { prefix, chunks } = layout(ctShort);
    await expectCode(Buffer.concat([prefix, chunks[2]!, chunks[0]!, chunks[1]!]), "TAMPERED", [alice.identity]);
  });

  it("bytes appended after the final chunk: TRAILING_DATA", async () => {
    // A full final chunk followed by anything.
    await expectCode(Buffer.concat([ct3, Buffer.from([0])]), "TRAILING_DATA", [alice.identity], /after its final chunk/);
    await expectCode(Buffer.concat([ct3, randomBytes(100_000)]), "TRAILING_DATA", [alice.identity]);
    // A short final chunk (or the empty file's empty one) followed by a few bytes.
    await expectCode(Buffer.concat([ctShort, Buffer.from("\n")]), "TRAILING_DATA", [alice.identity], /1 byte of extra data/);
    const empty = await encrypt(Buffer.alloc(0), [alice.recipient]);
    await expectCode(Buffer.concat([empty, Buffer.from("xyz")]), "TRAILING_DATA", [alice.identity], /3 bytes/);
    const one = await encrypt(Buffer.from("a"), [alice.recipient]);
    await expectCode(Buffer.concat([one, Buffer.from([1])]), "TRAILING_DATA", [alice.identity], undefined, [1]);
  });

  it("an empty final chunk after data: BAD_FINAL_CHUNK", async () => {
    const pt = randomBytes(CHUNK_SIZE);
    const { header, fileKey } = await buildHeader([alice.recipient]);
    const nonce = randomBytes(16);
    const key = payloadKey(fileKey, nonce);
    const file = Buffer.concat([header, nonce, sealChunk(key, 0, false, pt), sealChunk(key, 1, true, Buffer.alloc(0))]);
    await expectCode(file, "BAD_FINAL_CHUNK", [alice.identity], /empty final chunk/);
  });

  it("the empty file's empty final chunk is fine, but a header with no payload is not", async () => {
    const empty = await encrypt(Buffer.alloc(0), [alice.recipient]);
    expect((await decrypt(empty, [alice.identity])).length).toBe(0);
    await expectCode(empty.subarray(0, empty.length - 16), "TRUNCATED", [alice.identity], /no payload/);
    await expectCode(empty.subarray(0, empty.length - 1), "TRUNCATED", [alice.identity], /middle of a chunk/);
  });

  it("every error code has a distinct, readable message", async () => {
    const { payloadStart, prefix, chunks } = layout(ct3);
    const badMac = Buffer.from(ct3);
    const macAt = badMac.indexOf("\n--- ") + 5;
    badMac[macAt] = badMac[macAt] === 0x41 ? 0x42 : 0x41;
    const { header, fileKey } = await buildHeader([alice.recipient]);
    const nonce = randomBytes(16);
    const key = payloadKey(fileKey, nonce);
    const emptyFinal = Buffer.concat([header, nonce, sealChunk(key, 0, false, randomBytes(CHUNK_SIZE)), sealChunk(key, 1, true, Buffer.alloc(0))]);
    const invalidKey = await createAgeEncryptStream(["age1x"]).then(
      () => null,
      (e: unknown) => e as AgeError,
    );
    const errors = [
      invalidKey!,
      await expectCode(randomBytes(64), "NOT_AGE", [alice.identity]),
      await expectCode(ct3, "NO_MATCHING_KEY", [bob.identity]),
      await expectCode(badMac, "HEADER_MAC", [alice.identity]),
      await expectCode(ct3.subarray(0, payloadStart + SEALED_CHUNK_SIZE), "TRUNCATED", [alice.identity]),
      await expectCode(Buffer.concat([prefix, chunks[1]!]), "TAMPERED", [alice.identity]),
      await expectCode(Buffer.concat([ct3, Buffer.from("!")]), "TRAILING_DATA", [alice.identity]),
      await expectCode(emptyFinal, "BAD_FINAL_CHUNK", [alice.identity]),
    ];
    expect(new Set(errors.map((e) => e.code)).size).toBe(8);
    expect(new Set(errors.map((e) => e.message)).size).toBe(errors.length);
    for (const e of errors) {
      expect(e).toBeInstanceOf(AgeError);
      expect(e.name).toBe("AgeError");
      expect(e.message.length).toBeGreaterThan(30);
      expect(e.message).not.toContain(alice.identity);
    }
  });
});
