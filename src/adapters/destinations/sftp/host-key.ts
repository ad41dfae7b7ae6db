import { createHash } from "node:crypto";

/** OpenSSH's fingerprint of a host key blob: "SHA256:" + unpadded base64 of its sha256 (ssh-keygen -lf). */
export const fingerprintOf = (keyBlob: Buffer): string => `SHA256:${createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;

/** The fingerprint of an OpenSSH public key line ("ssh-ed25519 AAAA… comment"), as ssh-keygen -lf prints it. */
export const fingerprintOfPublicKeyLine = (line: string): string => {
  const blob = line.trim().split(/\s+/)[1];
  if (!blob) throw new Error("not an OpenSSH public key line");
  return fingerprintOf(Buffer.from(blob, "base64"));
};

const normalize = (fp: string) => fp.trim().replace(/=+$/, "");

export const sameFingerprint = (a: string, b: string): boolean => normalize(a) === normalize(b);

export const hostKeyMismatchMessage = (expected: string, got: string): string =>
  `the server's host key changed: expected ${normalize(expected)}, got ${got} — if this is expected, clear the pinned fingerprint`;
