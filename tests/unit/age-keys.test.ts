import { describe, expect, it } from "vitest";
import { AgeError, generateAgeKeyPair, isAgeIdentity, isAgeRecipient, recipientOf } from "@/lib/crypto/age";
import { bech32Decode, bech32Encode } from "@/lib/crypto/age/bech32";

// A pair written by `age-keygen` 1.1.1.
const CLI_IDENTITY = "AGE-SECRET-KEY-1GAJ98UYKP9A6FUWNCV78QMFT03NY2HFAR5SGKTSMT7V6SE9VUS3SVYDFCX";
const CLI_RECIPIENT = "age17tu5tf0kfu0fysv8e36jhfux87l9p7sv9evcx6dsua9ve07h7edsuwrxra";

const flipLastChar = (s: string): string => s.slice(0, -1) + (s.endsWith("q") ? "p" : "q");

describe("age keys", () => {
  it("generates pairs in age-keygen's text forms", async () => {
    const a = await generateAgeKeyPair();
    const b = await generateAgeKeyPair();
    expect(a.identity).toMatch(/^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/);
    expect(a.recipient).toMatch(/^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/);
    expect(a.identity).not.toBe(b.identity);
    expect(await recipientOf(a.identity)).toBe(a.recipient);
    expect(isAgeIdentity(a.identity)).toBe(true);
    expect(isAgeRecipient(a.recipient)).toBe(true);
  });

  it("derives the same public key as age-keygen", async () => {
    expect(await recipientOf(CLI_IDENTITY)).toBe(CLI_RECIPIENT);
  });

  it("recognises recipients strictly", () => {
    expect(isAgeRecipient(CLI_RECIPIENT)).toBe(true);
    expect(isAgeRecipient(flipLastChar(CLI_RECIPIENT))).toBe(false); // checksum
    expect(isAgeRecipient(CLI_RECIPIENT.toUpperCase())).toBe(false); // the CLI wants lower case
    expect(isAgeRecipient(` ${CLI_RECIPIENT}`)).toBe(false);
    expect(isAgeRecipient(CLI_IDENTITY)).toBe(false);
    expect(isAgeRecipient("age1")).toBe(false);
    expect(isAgeRecipient("")).toBe(false);
    expect(isAgeRecipient(bech32Encode("age", new Uint8Array(31)))).toBe(false); // wrong length
    expect(isAgeRecipient(bech32Encode("age", new Uint8Array(32)))).toBe(true);
    expect(isAgeRecipient(bech32Encode("age1pq", new Uint8Array(32)))).toBe(false); // other key types
  });

  it("rejects invalid identities with INVALID_KEY and never quotes them", async () => {
    for (const bad of ["", "nope", CLI_RECIPIENT, CLI_IDENTITY.toLowerCase(), flipLastChar(CLI_IDENTITY), `${CLI_IDENTITY}\n`]) {
      const err = await recipientOf(bad).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AgeError);
      expect((err as AgeError).code).toBe("INVALID_KEY");
      if (bad.length > 20) expect((err as AgeError).message).not.toContain(bad.trim().slice(16));
    }
    expect(isAgeIdentity(CLI_IDENTITY)).toBe(true);
    expect(isAgeIdentity(CLI_IDENTITY.toLowerCase())).toBe(false);
  });

  it("has a bech32 codec that round-trips and rejects mixed case", () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const s = bech32Encode("age", bytes);
    expect(bech32Decode(s)).toEqual({ hrp: "age", bytes });
    expect(bech32Decode(s.toUpperCase())?.hrp).toBe("AGE");
    expect(bech32Decode(s.slice(0, 10) + s.slice(10).toUpperCase())).toBeNull();
    expect(bech32Decode("age1qqqqqq")).toBeNull();
  });
});
