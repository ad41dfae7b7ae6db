/**
 * X25519 age keys: `AGE-SECRET-KEY-1…` identities and `age1…` recipients. Checks are strict and local
 * (bech32, the exact prefix and case the age CLI accepts, 32 key bytes); the curve math is done by the
 * `age-encryption` package.
 */
import { generateX25519Identity, identityToRecipient } from "age-encryption";
import { bech32Decode } from "./bech32";
import { AgeError } from "./errors";

export type AgeKeyPair = {
  /** The secret key, `AGE-SECRET-KEY-1…` (upper case, as `age-keygen` writes it). */
  identity: string;
  /** The public key, `age1…`. */
  recipient: string;
};

/** True for a well-formed X25519 recipient (`age1…`, lower case, valid checksum, 32 bytes). */
export function isAgeRecipient(s: string): boolean {
  if (typeof s !== "string" || !s.startsWith("age1")) return false;
  const decoded = bech32Decode(s);
  return decoded !== null && decoded.hrp === "age" && decoded.bytes.length === 32;
}

/** True for a well-formed X25519 identity (`AGE-SECRET-KEY-1…`, upper case, valid checksum, 32 bytes). */
export function isAgeIdentity(s: string): boolean {
  if (typeof s !== "string" || !s.startsWith("AGE-SECRET-KEY-1")) return false;
  const decoded = bech32Decode(s);
  return decoded !== null && decoded.hrp === "AGE-SECRET-KEY-" && decoded.bytes.length === 32;
}

/** Shortens a public key for messages; secret keys are never quoted. */
const preview = (s: string): string => (s.length > 16 ? `${s.slice(0, 12)}…` : s);

/** Throws INVALID_KEY unless there is at least one recipient and every one is a valid `age1…` key. */
export function assertRecipients(recipients: readonly string[]): string[] {
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new AgeError("INVALID_KEY", "At least one age recipient (an age1… public key) is required to encrypt.");
  }
  recipients.forEach((r, i) => {
    if (!isAgeRecipient(r)) {
      const what = typeof r === "string" && r.startsWith("AGE-SECRET-KEY-") ? "a secret key (AGE-SECRET-KEY-…), not a public key" : `"${preview(String(r))}"`;
      throw new AgeError(
        "INVALID_KEY",
        `Recipient ${i + 1} is not a valid age X25519 public key (expected age1… as printed by age-keygen -y): got ${what}.`,
      );
    }
  });
  return [...new Set(recipients)];
}

/** Throws INVALID_KEY unless there is at least one identity and every one is a valid `AGE-SECRET-KEY-1…` key. */
export function assertIdentities(identities: readonly string[]): string[] {
  if (!Array.isArray(identities) || identities.length === 0) {
    throw new AgeError("INVALID_KEY", "At least one age identity (an AGE-SECRET-KEY-1… secret key) is required to decrypt.");
  }
  identities.forEach((id, i) => {
    if (!isAgeIdentity(id)) {
      const hint = typeof id === "string" && id.startsWith("age1") ? " (this is a public key; decrypting needs the secret key)" : "";
      throw new AgeError(
        "INVALID_KEY",
        `Identity ${i + 1} is not a valid age X25519 secret key (expected AGE-SECRET-KEY-1… as written by age-keygen)${hint}.`,
      );
    }
  });
  return [...identities];
}

/** A fresh X25519 key pair, in the same text forms as `age-keygen`. */
export async function generateAgeKeyPair(): Promise<AgeKeyPair> {
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  return { identity, recipient };
}

/** The public key (`age1…`) of a secret key. Throws AgeError("INVALID_KEY") for anything else. */
export async function recipientOf(identity: string): Promise<string> {
  assertIdentities([identity]);
  try {
    return await identityToRecipient(identity);
  } catch (e) {
    throw new AgeError("INVALID_KEY", "The age secret key could not be converted to a public key.", { cause: e });
  }
}
