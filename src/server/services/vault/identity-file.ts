/**
 * Reading and writing age identity files as `age-keygen` writes them:
 *
 *   # created: 2025-01-31T12:00:00Z
 *   # public key: age1…
 *   AGE-SECRET-KEY-1…
 *
 * A pasted key may be the bare AGE-SECRET-KEY-1… line or the whole file. Every refusal says what was
 * pasted instead and what is needed; no message ever quotes the secret key.
 */
import { isAgeIdentity, isAgeRecipient, recipientOf } from "@/lib/crypto/age";
import { AppError } from "@/server/errors";

const invalid = (message: string): AppError => new AppError("VALIDATION", message, { fieldErrors: { identity: [message] } });

const SECRET_PREFIX = "AGE-SECRET-KEY-1";
/** The text length of an X25519 identity: the prefix, 52 data characters and a 6-character checksum. */
const IDENTITY_LENGTH = 74;

export const NEED_SECRET_KEY =
  "This is a public key (age1…), which can only encrypt. To decrypt backups Bunker needs the secret key: the line that starts with AGE-SECRET-KEY-1 in the file age-keygen wrote.";

/** Shortens a public key for messages. */
const preview = (recipient: string): string => `${recipient.slice(0, 12)}…${recipient.slice(-6)}`;

/**
 * Finds the one X25519 secret key in pasted text and derives its public key. Comment lines, blank
 * lines and age-keygen's "Public key:" line are accepted; a "# public key:" line must match the key.
 */
export const parseIdentityFile = async (text: string): Promise<{ identity: string; recipient: string }> => {
  const secrets: { value: string; line: number }[] = [];
  const declared: string[] = [];
  let bareRecipient = false;
  let stray: number | null = null;

  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n|\r/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const publicKey = /^#?\s*public key:\s*(\S+)\s*$/i.exec(line);
    if (publicKey?.[1]) {
      declared.push(publicKey[1]);
      return;
    }
    if (line.startsWith("#")) return;
    if (line.startsWith("-----BEGIN")) {
      throw invalid("This is an SSH or PGP key. Bunker uses age X25519 keys: paste a secret key that starts with AGE-SECRET-KEY-1, as made by age-keygen.");
    }
    if (line === "age-encryption.org/v1") {
      throw invalid("This is an age-encrypted file, perhaps a passphrase-protected key. Decrypt it first (age -d key.age > key.txt), then paste the AGE-SECRET-KEY-1… line.");
    }
    if (/^AGE-PLUGIN-/i.test(line)) {
      throw invalid("Plugin identities (AGE-PLUGIN-…, such as a YubiKey) are not supported: Bunker must decrypt on its own. Use an X25519 key made by age-keygen.");
    }
    if (/^age1/i.test(line)) {
      bareRecipient = true;
      declared.push(line);
      return;
    }
    if (line.toUpperCase().startsWith("AGE-SECRET-KEY-")) {
      // Bech32 is case-insensitive as long as it is not mixed; age writes identities in upper case.
      secrets.push({ value: line === line.toLowerCase() ? line.toUpperCase() : line, line: i + 1 });
      return;
    }
    stray ??= i + 1;
  });

  if (secrets.length === 0) {
    if (bareRecipient || declared.length > 0) throw invalid(NEED_SECRET_KEY);
    throw invalid("No age secret key found. Paste the key file made by age-keygen, or its line that starts with AGE-SECRET-KEY-1.");
  }
  if (secrets.length > 1) {
    throw invalid(`The text holds ${secrets.length} secret keys. A profile has exactly one: paste a single AGE-SECRET-KEY-1… line.`);
  }
  if (stray !== null) {
    throw invalid(`Line ${stray} is neither a comment nor an age key. Paste only the content of the key file.`);
  }

  const secret = secrets[0]!;
  if (!isAgeIdentity(secret.value)) {
    const what = !secret.value.startsWith(SECRET_PREFIX)
      ? "it must start with AGE-SECRET-KEY-1"
      : secret.value.length !== IDENTITY_LENGTH
        ? `it has ${secret.value.length} characters instead of ${IDENTITY_LENGTH}`
        : /[a-z]/.test(secret.value)
          ? "it mixes upper and lower case"
          : "its checksum does not match, so a character is wrong";
    throw invalid(`The secret key on line ${secret.line} is malformed: ${what}. Check that it was copied whole.`);
  }
  let recipient: string;
  try {
    recipient = await recipientOf(secret.value);
  } catch {
    throw invalid(`The secret key on line ${secret.line} is not a usable X25519 key. Check that it was copied whole.`);
  }
  for (const d of declared) {
    if (!isAgeRecipient(d)) throw invalid(`The file's public key line (${d.length > 20 ? `${d.slice(0, 12)}…` : d}) is not a valid age public key. The file may be damaged.`);
    if (d !== recipient) {
      throw invalid(`The file says its public key is ${preview(d)}, but its secret key belongs to ${preview(recipient)}. The file may be damaged or edited; check it.`);
    }
  }
  return { identity: secret.value, recipient };
};

/** RFC 3339 in UTC without fractions, as age-keygen writes `# created:`. */
const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** An identity file in age-keygen's format, readable by `age -d -i` and `age-keygen -y`. */
export const formatIdentityFile = (o: { identity: string; recipient: string; createdAt: Date }): string =>
  `# created: ${rfc3339(o.createdAt)}\n# public key: ${o.recipient}\n${o.identity}\n`;
