import { describe, expect, it } from "vitest";
import { fingerprintOf, fingerprintOfPublicKeyLine, hostKeyMismatchMessage, sameFingerprint } from "@/adapters/destinations/sftp/host-key";

// Public keys and the fingerprints `ssh-keygen -lf` printed for them.
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICvjeGCFM6zL3sA+Wx623ASG6XjD5gPanJBpLhZyh9bA test@bunker";
const ED25519_FP = "SHA256:4+j9eSSydp3QBVVXX6eNyPO74/XtQphBQgQvr8qBWy4";
const RSA =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDeKYULmOddQqVON+GvbwTesTLBgByslc84pdIyupYYKlmFtq8JC1BXjRtwyXVKTUtcH2NBVyhbVa3LVdKikK4kiwafOQunA6bpfV6zDoGhFNUoP0/q4TTPbCuc0XQxqTzHnzccaqbexpvPn5ibcZg4MXYsL/nLB1nw4Q4tkm6d/Q== rsa@bunker";
const RSA_FP = "SHA256:va4Ajc2HbfUvJ4lP/sY4lpuAJe8xDsjq/1NWpLkqV1s";

describe("SSH host key fingerprints", () => {
  it("match ssh-keygen -lf", () => {
    expect(fingerprintOfPublicKeyLine(ED25519)).toBe(ED25519_FP);
    expect(fingerprintOfPublicKeyLine(RSA)).toBe(RSA_FP);
  });

  it("are SHA256: plus unpadded base64 of the key blob", () => {
    const blob = Buffer.from(ED25519.split(" ")[1]!, "base64");
    const fp = fingerprintOf(blob);
    expect(fp).toBe(ED25519_FP);
    expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it("compare with or without base64 padding and surrounding spaces", () => {
    expect(sameFingerprint(ED25519_FP, `${ED25519_FP}=`)).toBe(true);
    expect(sameFingerprint(` ${ED25519_FP} `, ED25519_FP)).toBe(true);
    expect(sameFingerprint(ED25519_FP, RSA_FP)).toBe(false);
    expect(sameFingerprint(ED25519_FP, ED25519_FP.toLowerCase())).toBe(false); // base64 is case-sensitive
  });

  it("explain a mismatch with both fingerprints and what to do", () => {
    expect(hostKeyMismatchMessage(`${RSA_FP}=`, ED25519_FP)).toBe(
      `the server's host key changed: expected ${RSA_FP}, got ${ED25519_FP} — if this is expected, clear the pinned fingerprint`,
    );
  });
});
