import { randomBytes } from "node:crypto";
import { describe, it, expect } from "vitest";
import {
  generateMasterKey,
  isSealed,
  type Keyring,
  openSecret,
  parseMasterKey,
  rewrapSecret,
  SecretError,
  sealedVersion,
  sealSecret,
} from "@/lib/crypto/secrets";

const ringOf = (currentVersion: number, entries: Array<[number, Buffer]>): Keyring => ({
  currentVersion,
  keys: new Map(entries),
});

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const ring1 = ringOf(1, [[1, K1]]);

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Replaces the first character of one `:`-separated part with another base64url character. */
const tamperPart = (sealed: string, index: 1 | 2 | 3): string => {
  const parts = sealed.split(":");
  const part = parts[index] ?? "";
  const first = part.charAt(0);
  const replacement = B64URL[(B64URL.indexOf(first) + 1) % B64URL.length] ?? "A";
  parts[index] = replacement + part.slice(1);
  return parts.join(":");
};

const expectSecretError = (fn: () => unknown, message?: RegExp): void => {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SecretError);
  expect((caught as Error).name).toBe("SecretError");
  if (message) expect((caught as Error).message).toMatch(message);
};

describe("a stored credential survives a seal/open round trip", () => {
  it.each([
    ["an empty string", ""],
    ["a plain password", "hunter2-correct-horse"],
    ["unicode text", "pässwörd 🔐 密码 — ñ"],
    ["100 KB of data", "x".repeat(100 * 1024)],
    ["a value containing colons", "v1:not:a:sealed:value"],
  ])("restores %s exactly", (_label, plaintext) => {
    const sealed = sealSecret(plaintext, ring1, "adapter:a1:password");
    expect(openSecret(sealed, ring1, "adapter:a1:password")).toBe(plaintext);
  });

  it("restores random binary-ish text with the default (empty) context", () => {
    const plaintext = randomBytes(64).toString("latin1");
    expect(openSecret(sealSecret(plaintext, ring1), ring1)).toBe(plaintext);
  });
});

describe("the sealed format is v<version>:<iv>:<tag>:<ciphertext>", () => {
  it("uses base64url parts of the right sizes and the current key version", () => {
    const sealed = sealSecret("secret", ringOf(7, [[7, K1]]));
    const parts = sealed.split(":");
    expect(parts).toHaveLength(4);
    const [version, iv, tag, ct] = parts as [string, string, string, string];
    expect(version).toBe("v7");
    expect(Buffer.from(iv, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag, "base64url")).toHaveLength(16);
    expect(Buffer.from(ct, "base64url")).toHaveLength("secret".length);
    for (const p of [iv, tag, ct]) expect(p).toMatch(/^[A-Za-z0-9_-]*$/);
  });

  it("never contains the plaintext", () => {
    const sealed = sealSecret("VerySecretPassword", ring1);
    expect(sealed).not.toContain("VerySecretPassword");
    expect(sealed).not.toContain(Buffer.from("VerySecretPassword").toString("base64url"));
  });

  it("uses a fresh IV each time, so sealing the same value twice gives different strings", () => {
    const a = sealSecret("same value", ring1);
    const b = sealSecret("same value", ring1);
    expect(a).not.toBe(b);
    expect(a.split(":")[1]).not.toBe(b.split(":")[1]);
    expect(openSecret(a, ring1)).toBe("same value");
    expect(openSecret(b, ring1)).toBe("same value");
  });

  it("an empty plaintext still produces a sealed value with an empty ciphertext part", () => {
    const sealed = sealSecret("", ring1);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:$/);
    expect(isSealed(sealed)).toBe(true);
  });
});

describe("a sealed value does not open when something is wrong", () => {
  const sealed = sealSecret("the database password", ring1, "adapter:a1:password");

  it("fails with SecretError under a different key with the same version", () => {
    expectSecretError(() => openSecret(sealed, ringOf(1, [[1, K2]]), "adapter:a1:password"), /failed authentication under key v1/);
  });

  it.each([
    ["the IV", 1],
    ["the auth tag", 2],
    ["the ciphertext", 3],
  ] as const)("fails with SecretError when %s is tampered with", (_label, index) => {
    const tampered = tamperPart(sealed, index);
    expect(tampered).not.toBe(sealed);
    expect(isSealed(tampered)).toBe(true);
    expectSecretError(() => openSecret(tampered, ring1, "adapter:a1:password"), /tampered/);
  });

  it("fails when the value is moved to another field (different AAD context)", () => {
    expectSecretError(() => openSecret(sealed, ring1, "adapter:a2:password"), /failed authentication/);
    expectSecretError(() => openSecret(sealed, ring1), /failed authentication/);
  });

  it("fails when the version prefix is changed to another configured key", () => {
    const ring = ringOf(1, [[1, K1], [2, K2]]);
    const relabelled = sealed.replace(/^v1:/, "v2:");
    expectSecretError(() => openSecret(relabelled, ring, "adapter:a1:password"), /under key v2/);
  });

  it("names the missing version when the key is not configured", () => {
    const sealedV42 = sealSecret("x", ringOf(42, [[42, K2]]));
    expectSecretError(() => openSecret(sealedV42, ring1), /v42.*not configured.*ENCRYPTION_PREVIOUS_KEYS/);
  });

  it.each(["", "plain text", "v1:abc:def:ghi", "1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:"])(
    "rejects %j as not a sealed secret",
    (value) => {
      expectSecretError(() => openSecret(value, ring1), /not a sealed secret/);
    },
  );

  it("refuses to seal when the keyring has no key for its current version", () => {
    expectSecretError(() => sealSecret("x", ringOf(3, [[1, K1]])), /current version v3/);
  });
});

describe("key rotation with a previous key in the keyring", () => {
  const oldRing = ringOf(1, [[1, K1]]);
  const rotated = ringOf(2, [[1, K1], [2, K2]]);
  const newOnly = ringOf(2, [[2, K2]]);

  it("opens values sealed under the previous key", () => {
    const old = sealSecret("legacy", oldRing, "ctx");
    expect(openSecret(old, rotated, "ctx")).toBe("legacy");
  });

  it("seals new values under the current version", () => {
    expect(sealedVersion(sealSecret("new", rotated))).toBe(2);
  });

  it("rewrapSecret re-seals an old value under the current key", () => {
    const old = sealSecret("legacy", oldRing, "ctx");
    const rewrapped = rewrapSecret(old, rotated, "ctx");
    expect(rewrapped).not.toBe(old);
    expect(sealedVersion(rewrapped)).toBe(2);
    // It opens without the old key at all: it really is under K2 now.
    expect(openSecret(rewrapped, newOnly, "ctx")).toBe("legacy");
    expect(() => openSecret(old, newOnly, "ctx")).toThrow(SecretError);
  });

  it("rewrapSecret keeps the AAD context binding", () => {
    const old = sealSecret("legacy", oldRing, "ctx");
    const rewrapped = rewrapSecret(old, rotated, "ctx");
    expect(() => openSecret(rewrapped, rotated, "other")).toThrow(SecretError);
  });

  it("rewrapSecret with the wrong context fails instead of re-sealing garbage", () => {
    const old = sealSecret("legacy", oldRing, "ctx");
    expectSecretError(() => rewrapSecret(old, rotated, "other"), /failed authentication/);
  });

  it("rewrapSecret returns a value already under the current version unchanged", () => {
    const current = sealSecret("fresh", rotated, "ctx");
    expect(rewrapSecret(current, rotated, "ctx")).toBe(current);
  });
});

describe("parseMasterKey reads ENCRYPTION_KEY", () => {
  const bytes = randomBytes(32);

  it("accepts 64 hex characters (either case)", () => {
    expect(parseMasterKey(bytes.toString("hex")).equals(bytes)).toBe(true);
    expect(parseMasterKey(bytes.toString("hex").toUpperCase()).equals(bytes)).toBe(true);
  });

  it("accepts standard base64 (openssl rand -base64 32)", () => {
    const b64 = bytes.toString("base64");
    expect(b64).toHaveLength(44);
    expect(parseMasterKey(b64).equals(bytes)).toBe(true);
  });

  it("accepts unpadded base64url", () => {
    const b64url = bytes.toString("base64url");
    expect(b64url).toHaveLength(43);
    expect(parseMasterKey(b64url).equals(bytes)).toBe(true);
  });

  it("ignores surrounding whitespace (a trailing newline from a secret file)", () => {
    expect(parseMasterKey(`  ${bytes.toString("hex")}\n`).equals(bytes)).toBe(true);
    expect(parseMasterKey(`${bytes.toString("base64")}\n`).equals(bytes)).toBe(true);
  });

  it("accepts what generateMasterKey produces, and generated keys differ", () => {
    const a = generateMasterKey();
    const b = generateMasterKey();
    expect(a).not.toBe(b);
    expect(parseMasterKey(a)).toHaveLength(32);
  });

  it.each([
    ["an empty string", ""],
    ["62 hex characters (31 bytes)", "ab".repeat(31)],
    ["16 bytes of base64", randomBytes(16).toString("base64")],
    ["48 bytes of base64", randomBytes(48).toString("base64")],
    ["66 hex characters", "ab".repeat(33)],
    ["a short passphrase", "changeme"],
  ])("rejects %s with a message saying what is expected", (_label, input) => {
    expectSecretError(() => parseMasterKey(input), /ENCRYPTION_KEY must be 32 bytes.*64 hex characters or base64/);
  });
});

describe("isSealed and sealedVersion recognise sealed values", () => {
  it("recognises a sealed value and reports its version", () => {
    const sealed = sealSecret("x", ringOf(123456, [[123456, K1]]));
    expect(isSealed(sealed)).toBe(true);
    expect(sealedVersion(sealed)).toBe(123456);
  });

  it.each(["", "hunter2", "v1", "v1:short:short:", "vX:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:", "v1234567:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:"])(
    "treats %j as not sealed",
    (value) => {
      expect(isSealed(value)).toBe(false);
      expect(sealedVersion(value)).toBeNull();
    },
  );

  it("rejects characters outside base64url in any part", () => {
    expect(isSealed("v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:abc+/=")).toBe(false);
    expect(isSealed("v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:abc")).toBe(true);
  });
});
