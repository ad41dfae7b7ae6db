/** Streaming age v1 (X25519) encryption for backups, byte-compatible with the `age` CLI both ways. */
export { AgeError, isAgeError, type AgeErrorCode } from "./errors";
export { generateAgeKeyPair, recipientOf, isAgeRecipient, isAgeIdentity, type AgeKeyPair } from "./keys";
export { createAgeEncryptStream } from "./encrypt-stream";
export { createAgeDecryptStream } from "./decrypt-stream";
