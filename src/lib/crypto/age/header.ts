/**
 * The age v1 header. Writing and unwrapping are delegated to `age-encryption` (it owns the recipient
 * cryptography and the header MAC); finding where the header ends in a stream, checking its grammar,
 * and classifying failures is done here.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { Decrypter, Encrypter, type Identity, type Recipient } from "age-encryption";
import { AgeError } from "./errors";
import { FILE_KEY_SIZE, PAYLOAD_NONCE_SIZE, TAG_SIZE } from "./payload";

const VERSION_LINE = "age-encryption.org/v1";
const MAGIC = Buffer.from(`${VERSION_LINE}\n`, "latin1");
const ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
/** Far above any X25519 header (about 100 bytes per recipient); stops an endless "header" from buffering. */
export const MAX_HEADER_SIZE = 1024 * 1024;
const MAX_LINE = 64 * 1024;
const VCHARS = /^[\x21-\x7e]+$/;
const BASE64_CHARS = /^[A-Za-z0-9+/]*$/;

/** Canonical unpadded base64 (what age requires), or null. */
const decodeBase64NoPad = (s: string): Buffer | null => {
  if (!BASE64_CHARS.test(s) || s.length % 4 === 1) return null;
  const bytes = Buffer.from(s, "base64");
  return bytes.toString("base64").replace(/=+$/, "") === s ? bytes : null;
};

/** Header bytes up to and including "---" (what the MAC covers). */
const headerWithoutMac = (header: Uint8Array): Buffer => {
  const buf = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  const at = buf.lastIndexOf("\n--- ");
  if (at < 0) throw new Error("age header has no MAC line");
  return buf.subarray(0, at + 4);
};

/**
 * Writes a header for the recipients and returns it with its file key. `age-encryption` does the
 * wrapping: a recording recipient beside the real ones captures the file key and adds no stanza, and
 * an empty input is encrypted so the output is header || 16-byte nonce || 16-byte empty final chunk.
 * The package's nonce is dropped (the caller picks a fresh one). The MAC is re-checked here so a
 * change in the package can never produce a header that does not match the recorded key.
 */
export async function buildHeader(recipients: readonly string[]): Promise<{ header: Buffer; fileKey: Buffer }> {
  const recorded: { key: Buffer | null } = { key: null };
  const recorder: Recipient = {
    wrapFileKey(fileKey: Uint8Array) {
      recorded.key = Buffer.from(fileKey);
      return [];
    },
  };
  const encrypter = new Encrypter();
  for (const r of recipients) encrypter.addRecipient(r);
  encrypter.addRecipient(recorder);
  const out = Buffer.from(await encrypter.encrypt(new Uint8Array(0)));
  const fileKey = recorded.key as Buffer | null;
  const header = out.subarray(0, out.length - PAYLOAD_NONCE_SIZE - TAG_SIZE);
  if (fileKey === null || fileKey.length !== FILE_KEY_SIZE) throw new Error("age-encryption did not expose a 16-byte file key");
  if (!header.subarray(header.length - 1).equals(Buffer.from("\n")) || header.lastIndexOf("\n--- ") < 0) {
    throw new Error("age-encryption produced an unexpected header layout");
  }
  if (!verifyHeaderMac(header, fileKey)) throw new Error("age-encryption header MAC does not match the recorded file key");
  return { header: Buffer.from(header), fileKey };
}

/** HMAC-SHA256 under HKDF(file key, info "header") over the header up to "---", as the spec defines. */
export function verifyHeaderMac(header: Uint8Array, fileKey: Uint8Array): boolean {
  const noMac = headerWithoutMac(header);
  const macLine = Buffer.from(header.buffer, header.byteOffset, header.byteLength)
    .subarray(noMac.length + 1)
    .toString("latin1")
    .replace(/\n$/, "");
  const mac = decodeBase64NoPad(macLine);
  if (!mac || mac.length !== 32) return false;
  const hmacKey = Buffer.from(hkdfSync("sha256", fileKey, Buffer.alloc(0), "header", 32));
  const expected = createHmac("sha256", hmacKey).update(noMac).digest();
  return timingSafeEqual(expected, mac);
}

export type ParsedHeader = {
  /** The whole header, through the MAC line's newline. */
  header: Buffer;
  /** The first argument (the type) of each stanza, e.g. "X25519", "scrypt". */
  stanzaTypes: string[];
  /** Bytes that followed the header in the same input chunk (the payload nonce and beyond). */
  rest: Buffer;
};

const malformed = (line: number, why: string): AgeError =>
  new AgeError("NOT_AGE", `The file has a malformed age header (line ${line}: ${why}); it is damaged or was not written by age.`);

/**
 * Finds the end of the header in a byte stream, checking the grammar line by line as bytes arrive, so
 * a wrong file fails on its first bytes rather than after a megabyte of buffering.
 */
export class HeaderReader {
  /** Every byte fed so far (the header is small; it is joined once, at the end). */
  private readonly parts: Buffer[] = [];
  private size = 0;
  /** The start of the file, kept until the version line is confirmed (for the magic and armor checks). */
  private head: Buffer = Buffer.alloc(0);
  /** Pieces of the line being read, and their length. */
  private lineParts: Buffer[] = [];
  private lineLength = 0;
  private lineNo = 0;
  private state: "version" | "stanza" | "body" = "version";
  private readonly stanzaTypes: string[] = [];

  /** Feeds bytes; returns the header once its MAC line is complete, else null. Throws AgeError. */
  push(chunk: Buffer): ParsedHeader | null {
    if (chunk.length === 0) return null;
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.state === "version" && this.head.length < 1024) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, 1024 - this.head.length)]);
    }
    // Until the version line is confirmed, only the start check runs (it may be waiting on armor).
    if (this.state === "version" && !this.checkStart()) {
      this.lineParts.push(chunk);
      this.lineLength += chunk.length;
      return null;
    }
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) break;
      this.lineParts.push(chunk.subarray(from, nl));
      const line = Buffer.concat(this.lineParts).toString("latin1");
      this.lineParts = [];
      this.lineLength = 0;
      from = nl + 1;
      if (this.line(line)) {
        const all = this.parts.length === 1 ? chunk : Buffer.concat(this.parts, this.size);
        const headerEnd = this.size - (chunk.length - from);
        return { header: all.subarray(0, headerEnd), stanzaTypes: this.stanzaTypes, rest: all.subarray(headerEnd) };
      }
    }
    this.lineParts.push(chunk.subarray(from));
    this.lineLength += chunk.length - from;
    if (this.lineLength > MAX_LINE) throw malformed(this.lineNo + 1, "line too long");
    if (this.size > MAX_HEADER_SIZE) throw malformed(this.lineNo + 1, "header larger than 1 MiB");
    return null;
  }

  /** Called at end of input before the header was complete. Always throws. */
  end(): never {
    if (this.size === 0) throw new AgeError("NOT_AGE", "The file is empty: it is not an age file.");
    if (this.state === "version") this.checkStart(true);
    throw new AgeError("TRUNCATED", "The age file is truncated: it ends inside its header.");
  }

  /**
   * The first bytes must be the version line; an ASCII-armored file gets its own message. Returns true
   * once the whole version line has arrived, false while it is still a possible prefix.
   */
  private checkStart(atEnd = false): boolean {
    const head = this.head;
    const n = Math.min(head.length, MAGIC.length);
    if (head.subarray(0, n).equals(MAGIC.subarray(0, n))) return n === MAGIC.length;
    const text = head.toString("latin1").replace(/^\s+/, "");
    if (text.startsWith(ARMOR_BEGIN)) {
      throw new AgeError(
        "NOT_AGE",
        "This is an ASCII-armored age file (-----BEGIN AGE ENCRYPTED FILE-----), which is not supported here. " +
          "Decrypt it with `age -d -i <keyfile>`, or convert it to binary first (`age -d` reads armor; re-encrypt without -a).",
      );
    }
    if (!atEnd && ARMOR_BEGIN.startsWith(text) && head.length < 1024) return false;
    throw new AgeError("NOT_AGE", `This is not an age file: it does not start with "${VERSION_LINE}".`);
  }

  /** Handles one complete line; returns true on the MAC line (the end of the header). */
  private line(line: string): boolean {
    this.lineNo++;
    const n = this.lineNo;
    if (this.state === "version") {
      if (line !== VERSION_LINE) throw new AgeError("NOT_AGE", `This is not an age file: it does not start with "${VERSION_LINE}".`);
      this.state = "stanza";
      return false;
    }
    if (this.state === "body") {
      if (line.length > 64 || decodeBase64NoPad(line) === null) throw malformed(n, "invalid stanza body");
      if (line.length < 64) this.state = "stanza";
      return false;
    }
    if (line.startsWith("-> ")) {
      const args = line.slice(3).split(" ");
      if (args.some((a) => !VCHARS.test(a))) throw malformed(n, "invalid stanza arguments");
      this.stanzaTypes.push(args[0]!);
      this.state = "body";
      return false;
    }
    if (line.startsWith("--- ")) {
      const mac = decodeBase64NoPad(line.slice(4));
      if (!mac || mac.length !== 32) throw malformed(n, "invalid header MAC encoding");
      return true;
    }
    throw malformed(n, "expected a stanza (->) or the MAC line (---)");
  }
}

const describeTypes = (types: readonly string[]): string => {
  if (types.length === 0) return "it lists no recipients at all";
  const counts = new Map<string, number>();
  for (const t of types) counts.set(t, (counts.get(t) ?? 0) + 1);
  const list = [...counts].map(([t, c]) => (c > 1 ? `${c}× ${t}` : t)).join(", ");
  const scrypt = counts.has("scrypt") ? "; it is passphrase-encrypted (scrypt), which Bunker does not use" : "";
  return `it is encrypted to ${types.length} recipient${types.length === 1 ? "" : "s"} (${list})${scrypt}`;
};

/**
 * Unwraps the file key with `Decrypter.decryptHeader` (which also checks the header MAC). A sentinel
 * identity added after the real ones runs only when none of them matched, which tells "wrong key"
 * apart from "right key, bad MAC" without relying on the package's error texts alone.
 */
export async function unwrapFileKey(parsed: Pick<ParsedHeader, "header" | "stanzaTypes">, identities: readonly string[]): Promise<Buffer> {
  const seen = { noMatch: false };
  const sentinel: Identity = {
    unwrapFileKey() {
      seen.noMatch = true;
      return null;
    },
  };
  const decrypter = new Decrypter();
  for (const id of identities) decrypter.addIdentity(id);
  decrypter.addIdentity(sentinel);
  let fileKey: Buffer;
  try {
    fileKey = Buffer.from(await decrypter.decryptHeader(parsed.header));
  } catch (e) {
    if (seen.noMatch) {
      throw new AgeError(
        "NO_MATCHING_KEY",
        `None of the ${identities.length} given age identit${identities.length === 1 ? "y" : "ies"} can decrypt this file: ` +
          `${describeTypes(parsed.stanzaTypes)}. Check that this is the key the backup was encrypted with.`,
        { cause: e },
      );
    }
    if (e instanceof Error && /hmac/i.test(e.message)) {
      throw new AgeError("HEADER_MAC", "The age header failed its integrity check (MAC mismatch): the header was altered or corrupted.", { cause: e });
    }
    const why = e instanceof Error ? e.message : String(e);
    throw new AgeError("NOT_AGE", `The age header could not be read (${why}); the file is damaged or was not written by age.`, { cause: e });
  }
  // Belt and braces: the package checked the MAC; check it again with node:crypto before trusting the key.
  if (fileKey.length !== FILE_KEY_SIZE || !verifyHeaderMac(parsed.header, fileKey)) {
    throw new AgeError("HEADER_MAC", "The age header failed its integrity check (MAC mismatch): the header was altered or corrupted.");
  }
  return fileKey;
}
