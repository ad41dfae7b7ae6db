/**
 * Secrets at rest (adapter passwords, age identities, TOTP and OIDC secrets): AES-256-GCM under a
 * versioned master key, serialised as `v<keyVersion>:<iv>:<tag>:<ciphertext>` (base64url parts).
 * The version lets a new master key take over while old values still open, and lets a rotation
 * re-wrap them one by one. Backups are never encrypted with this key, so rotation touches no backup.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export type Keyring = {
  currentVersion: number;
  keys: ReadonlyMap<number, Buffer>;
};

const PREFIX = /^v(\d{1,6}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretError";
  }
}

/** Accepts 32 bytes as 64 hex characters or as base64/base64url (43–44 characters). */
export const parseMasterKey = (input: string): Buffer => {
  const s = input.trim();
  // Node's base64 decoder skips stray characters, so check the alphabet first: a quoted key must fail.
  const isHex = /^[0-9a-fA-F]{64}$/.test(s);
  const isB64 = /^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(s);
  const key = isHex ? Buffer.from(s, "hex") : isB64 ? Buffer.from(s, "base64") : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new SecretError("ENCRYPTION_KEY must be 32 bytes, given as 64 hex characters or base64 (openssl rand -base64 32)");
  }
  return key;
};

export const generateMasterKey = (): string => randomBytes(32).toString("base64");

export const isSealed = (value: string): boolean => PREFIX.test(value);

const currentKey = (ring: Keyring): Buffer => {
  const key = ring.keys.get(ring.currentVersion);
  if (!key) throw new SecretError(`no key for the current version v${ring.currentVersion}`);
  return key;
};

/** `context` (e.g. "adapter:<id>:password") is bound as AAD, so a sealed value cannot be moved to another field. */
export const sealSecret = (plaintext: string, ring: Keyring, context = ""): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", currentKey(ring), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `v${ring.currentVersion}:${iv.toString("base64url")}:${tag.toString("base64url")}:${ct.toString("base64url")}`;
};

export const openSecret = (sealed: string, ring: Keyring, context = ""): string => {
  const m = PREFIX.exec(sealed);
  if (!m) throw new SecretError("value is not a sealed secret");
  const [, version, iv, tag, ct] = m as unknown as [string, string, string, string, string];
  const key = ring.keys.get(Number(version));
  if (!key) throw new SecretError(`secret was sealed with key v${version}, which is not configured (ENCRYPTION_PREVIOUS_KEYS)`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretError(`secret failed authentication under key v${version} (wrong ENCRYPTION_KEY or tampered value)`);
  }
};

export const sealedVersion = (sealed: string): number | null => {
  const m = PREFIX.exec(sealed);
  return m ? Number(m[1]) : null;
};

/** Re-seals under the current key; returns the input unchanged when it already uses it. */
export const rewrapSecret = (sealed: string, ring: Keyring, context = ""): string =>
  sealedVersion(sealed) === ring.currentVersion ? sealed : sealSecret(openSecret(sealed, ring, context), ring, context);
