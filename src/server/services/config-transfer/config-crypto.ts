/**
 * Exports with secrets are age files encrypted to a passphrase (scrypt recipient), so the standard
 * `age -d` CLI opens them too. The file is a few kilobytes: it is handled in memory.
 */
import { Decrypter, Encrypter } from "age-encryption";

const AGE_MAGIC = "age-encryption.org/v1\n";

export class ConfigPassphraseError extends Error {
  override readonly name = "ConfigPassphraseError";
}

export const isAgeFile = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, AGE_MAGIC.length)).toString("latin1") === AGE_MAGIC;

export const encryptWithPassphrase = async (text: string, passphrase: string): Promise<Uint8Array> => {
  const e = new Encrypter();
  e.setPassphrase(passphrase);
  return e.encrypt(text);
};

/** The wrong passphrase and a damaged file are different errors: people act differently on each. */
export const decryptWithPassphrase = async (bytes: Uint8Array, passphrase: string): Promise<string> => {
  const d = new Decrypter();
  d.addPassphrase(passphrase);
  try {
    return await d.decrypt(bytes, "text");
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/no identity matched|incorrect passphrase|scrypt/i.test(message)) throw new ConfigPassphraseError("Wrong passphrase: this export cannot be decrypted with it.");
    throw new ConfigPassphraseError(`The encrypted export is damaged and cannot be decrypted (${message}).`);
  }
};
