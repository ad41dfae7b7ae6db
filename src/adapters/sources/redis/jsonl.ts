/**
 * The Redis backup format ("bunker-redis", version 1), one JSON object per line:
 *
 *   {"format":"bunker-redis","version":1,"db":3,"server":"Redis 7.0.15","createdAt":"2025-…Z"}
 *   {"k":"<base64 key>","t":<PTTL in ms, or -1 for no expiry>,"v":"<base64 DUMP payload>"}   × N
 *   {"end":true,"keys":N}
 *
 * Keys and values are binary-safe (base64). The payload is Redis' own DUMP serialization, so every type
 * (strings, hashes, lists, sets, sorted sets, streams, module types) round-trips through RESTORE. The
 * end line makes a truncated file detectable. Pure encode/decode/validation, no I/O.
 */
import { AdapterError } from "../../errors";

export const FORMAT = "bunker-redis";
export const FORMAT_VERSION = 1;

export type BackupHeader = { format: typeof FORMAT; version: number; db: number; server: string; createdAt: string };
export type KeyRecord = { key: Buffer; /** ms, or -1 for no expiry */ ttl: number; payload: Buffer };
export type BackupLine = { kind: "header"; header: BackupHeader } | { kind: "key"; record: KeyRecord } | { kind: "end"; keys: number };

/** Base64 is produced and parsed in slices, so a value near Redis' 512 MB limit never becomes one JS string. */
const ENCODE_SLICE = 3 * 1024 * 1024; // a multiple of 3: the pieces concatenate to valid base64
const DECODE_SLICE = 4 * 1024 * 1024; // a multiple of 4
/** Larger non-canonical lines are not handed to JSON.parse (V8 strings top out around 512 MB) */
const JSON_PARSE_LIMIT = 256 * 1024 * 1024;

export const encodeHeader = (h: { db: number; server: string; createdAt: Date }): string =>
  `${JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, db: h.db, server: h.server, createdAt: h.createdAt.toISOString() })}\n`;

export const encodeEnd = (keys: number): string => `${JSON.stringify({ end: true, keys })}\n`;

const base64Pieces = (buf: Buffer, out: Buffer[]) => {
  for (let off = 0; off < buf.length; off += ENCODE_SLICE) out.push(Buffer.from(buf.subarray(off, off + ENCODE_SLICE).toString("base64"), "latin1"));
};

/** One key line, newline included. `ttl` is PTTL: -1 (no expiry) or a positive number of ms. */
export const encodeKeyLine = (key: Buffer, ttl: number, payload: Buffer): Buffer => {
  if (!Number.isSafeInteger(ttl) || (ttl !== -1 && ttl <= 0)) throw new RangeError(`invalid TTL ${ttl}`);
  const parts: Buffer[] = [Buffer.from(`{"k":"${key.toString("base64")}","t":${ttl},"v":"`, "latin1")];
  base64Pieces(payload, parts);
  parts.push(Buffer.from('"}\n', "latin1"));
  return Buffer.concat(parts);
};

const bad = (message: string) => new AdapterError("FAILED", message);

const B64_CHUNK = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict base64 (the padding only at the very end), decoded slice by slice. */
export const decodeBase64 = (src: Buffer, what: string): Buffer => {
  if (src.length % 4 !== 0) throw bad(`${what} is not valid base64`);
  const out: Buffer[] = [];
  for (let off = 0; off < src.length; off += DECODE_SLICE) {
    const s = src.subarray(off, off + DECODE_SLICE).toString("latin1");
    const last = off + DECODE_SLICE >= src.length;
    if (!B64_CHUNK.test(s) || (!last && s.includes("="))) throw bad(`${what} is not valid base64`);
    out.push(Buffer.from(s, "base64"));
  }
  return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
};

const QUOTE = 0x22;
const KEY_PREFIX = Buffer.from('{"k":"', "latin1");
const TTL_MARK = Buffer.from('","t":', "latin1");
const VALUE_MARK = Buffer.from(',"v":"', "latin1");
const LINE_END = Buffer.from('"}', "latin1");

const checkTtl = (t: unknown): number => {
  if (typeof t !== "number" || !Number.isSafeInteger(t) || (t !== -1 && t <= 0)) throw bad(`invalid TTL ${JSON.stringify(t)}`);
  return t;
};

/** The canonical key line, read straight from the bytes (no JSON.parse, no giant string). Null if not canonical. */
const decodeCanonicalKeyLine = (line: Buffer): KeyRecord | null => {
  if (!line.subarray(0, KEY_PREFIX.length).equals(KEY_PREFIX)) return null;
  const keyEnd = line.indexOf(QUOTE, KEY_PREFIX.length);
  if (keyEnd < 0 || !line.subarray(keyEnd, keyEnd + TTL_MARK.length).equals(TTL_MARK)) return null;
  const ttlStart = keyEnd + TTL_MARK.length;
  const ttlEnd = line.indexOf(VALUE_MARK, ttlStart);
  if (ttlEnd < 0 || ttlEnd - ttlStart > 20) return null;
  const ttlText = line.subarray(ttlStart, ttlEnd).toString("latin1");
  if (!/^-?\d+$/.test(ttlText)) return null;
  const valueStart = ttlEnd + VALUE_MARK.length;
  const valueEnd = line.length - LINE_END.length;
  if (valueEnd < valueStart || !line.subarray(valueEnd).equals(LINE_END)) return null;
  if (line.indexOf(QUOTE, valueStart) !== valueEnd) return null;
  return {
    key: decodeBase64(line.subarray(KEY_PREFIX.length, keyEnd), "a key"),
    ttl: checkTtl(Number(ttlText)),
    payload: decodeBase64(line.subarray(valueStart, valueEnd), "a value"),
  };
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Decodes one line (without its newline). Throws AdapterError for anything that is not a valid line. */
export const decodeLine = (line: Buffer): BackupLine => {
  const fast = decodeCanonicalKeyLine(line);
  if (fast) return { kind: "key", record: fast };
  if (line.length > JSON_PARSE_LIMIT) throw bad("a line is too long to be valid");
  let v: unknown;
  try {
    v = JSON.parse(line.toString("utf8"));
  } catch {
    throw bad("a line is not valid JSON");
  }
  if (!isObject(v)) throw bad("a line is not a JSON object");
  if ("format" in v) {
    if (v.format !== FORMAT) throw new AdapterError("INVALID_INPUT", `not a Bunker Redis backup (format ${JSON.stringify(v.format)})`);
    if (typeof v.version !== "number" || !Number.isInteger(v.version)) throw bad("the header has no format version");
    if (v.version > FORMAT_VERSION) {
      throw new AdapterError("VERSION_MISMATCH", `the backup uses format version ${v.version}; this Bunker reads version ${FORMAT_VERSION}: upgrade Bunker`);
    }
    if (v.version < 1) throw bad(`unknown format version ${v.version}`);
    if (typeof v.db !== "number" || !Number.isInteger(v.db) || v.db < 0) throw bad("the header has no valid db");
    return {
      kind: "header",
      header: { format: FORMAT, version: v.version, db: v.db, server: typeof v.server === "string" ? v.server : "", createdAt: typeof v.createdAt === "string" ? v.createdAt : "" },
    };
  }
  if ("end" in v) {
    if (v.end !== true || typeof v.keys !== "number" || !Number.isSafeInteger(v.keys) || v.keys < 0) throw bad("the end marker is invalid");
    return { kind: "end", keys: v.keys };
  }
  if ("k" in v) {
    if (typeof v.k !== "string" || typeof v.v !== "string") throw bad("a key line is invalid");
    return {
      kind: "key",
      record: { key: decodeBase64(Buffer.from(v.k, "latin1"), "a key"), ttl: checkTtl(v.t), payload: decodeBase64(Buffer.from(v.v, "latin1"), "a value") },
    };
  }
  throw bad("a line is neither a header, a key nor the end marker");
};

/**
 * Validates a backup as it streams past, line by line: a header first, key lines, then exactly one end
 * marker whose count matches, then nothing. `accept` returns the keys to restore; `finish` must be
 * called at end-of-input with whatever followed the last newline, and throws if the backup is
 * incomplete.
 */
export class BackupReader {
  private state: "start" | "body" | "ended" = "start";
  private lineNo = 0;
  private count = 0;
  header: BackupHeader | null = null;

  get keys(): number {
    return this.count;
  }

  get complete(): boolean {
    return this.state === "ended";
  }

  accept(line: Buffer): KeyRecord | null {
    this.lineNo++;
    if (isBlank(line)) return null;
    let parsed: BackupLine;
    try {
      parsed = decodeLine(line);
    } catch (e) {
      if (this.state === "start" && e instanceof AdapterError && e.code === "FAILED") {
        throw new AdapterError("INVALID_INPUT", "not a Bunker Redis backup: the first line is not its header");
      }
      throw e instanceof AdapterError ? new AdapterError(e.code, `line ${this.lineNo}: ${e.message}`) : e;
    }
    if (this.state === "ended") throw bad(`line ${this.lineNo}: unexpected data after the end marker`);
    if (this.state === "start") {
      if (parsed.kind !== "header") throw new AdapterError("INVALID_INPUT", "not a Bunker Redis backup: the first line is not its header");
      this.header = parsed.header;
      this.state = "body";
      return null;
    }
    if (parsed.kind === "header") throw bad(`line ${this.lineNo}: a second header`);
    if (parsed.kind === "end") {
      if (parsed.keys !== this.count) throw bad(`the backup is inconsistent: its end marker counts ${parsed.keys} keys but ${this.count} were read`);
      this.state = "ended";
      return null;
    }
    this.count++;
    return parsed.record;
  }

  /** `rest`: the bytes after the last newline (a complete file has none). */
  finish(rest: Buffer = Buffer.alloc(0)): void {
    if (!isBlank(rest)) {
      if (this.state === "body") {
        // A final line without its newline is fine only if it is the end marker.
        let parsed: BackupLine | null = null;
        try {
          parsed = decodeLine(rest);
        } catch {
          // a cut-off line
        }
        if (parsed?.kind === "end") {
          this.accept(rest);
          return;
        }
      }
      if (this.state !== "start") throw truncated(this.count);
    }
    if (this.state === "start") throw new AdapterError("INVALID_INPUT", "the backup is empty or not a Bunker Redis backup");
    if (this.state === "body") throw truncated(this.count);
  }
}

const truncated = (count: number) => new AdapterError("FAILED", `truncated backup: the end marker is missing (${count} ${count === 1 ? "key" : "keys"} read)`);

const isBlank = (b: Buffer): boolean => {
  for (const c of b) if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  return true;
};

/** A key for messages: its text when it is printable UTF-8, else its base64. */
export const describeKey = (key: Buffer): string => {
  const text = key.toString("utf8");
  const printable = Buffer.from(text, "utf8").equals(key) && ![...text].some((ch) => {
    const c = ch.codePointAt(0) as number;
    return c < 0x20 || c === 0x7f || c === 0xfffd;
  });
  if (printable) return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
  const b64 = key.toString("base64");
  return `base64:${b64.length > 100 ? `${b64.slice(0, 100)}…` : b64}`;
};
