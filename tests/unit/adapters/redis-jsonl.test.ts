import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AdapterError } from "@/adapters/errors";
import { BackupReader, decodeBase64, decodeLine, describeKey, encodeEnd, encodeHeader, encodeKeyLine } from "@/adapters/sources/redis/jsonl";
import { LineSplitter } from "@/adapters/sources/redis/line-splitter";

const line = (s: string | Buffer) => (typeof s === "string" ? Buffer.from(s.replace(/\n$/, "")) : s.subarray(0, s[s.length - 1] === 0x0a ? -1 : undefined));

/** Feeds a whole file through the splitter and the reader, like restore does, and returns the keys. */
const readAll = (file: Buffer, chunkSize = 7) => {
  const reader = new BackupReader();
  const splitter = new LineSplitter();
  const keys = [];
  for (let i = 0; i < file.length; i += chunkSize) {
    for (const l of splitter.push(file.subarray(i, i + chunkSize))) {
      const r = reader.accept(l);
      if (r) keys.push(r);
    }
  }
  reader.finish(splitter.end());
  return { reader, keys };
};

const errorOf = (fn: () => unknown): AdapterError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AdapterError) return e;
    throw e;
  }
  throw new Error("expected an AdapterError");
};

describe("bunker-redis jsonl encoding", () => {
  it("writes the header, key lines and end marker as one JSON object per line", () => {
    expect(JSON.parse(encodeHeader({ db: 3, server: "Redis 7.0.15", createdAt: new Date("2025-01-02T03:04:05Z") }))).toEqual({
      format: "bunker-redis",
      version: 1,
      db: 3,
      server: "Redis 7.0.15",
      createdAt: "2025-01-02T03:04:05.000Z",
    });
    const kl = encodeKeyLine(Buffer.from([0xff, 0x00, 0x0a, 0x22]), 1500, Buffer.from("payload\n\"x"));
    expect(kl[kl.length - 1]).toBe(0x0a);
    expect(kl.subarray(0, -1).includes(0x0a)).toBe(false); // one line, whatever the bytes
    expect(JSON.parse(kl.toString())).toEqual({ k: Buffer.from([0xff, 0x00, 0x0a, 0x22]).toString("base64"), t: 1500, v: Buffer.from("payload\n\"x").toString("base64") });
    expect(encodeEnd(20000)).toBe('{"end":true,"keys":20000}\n');
  });

  it("round-trips binary keys, values and TTLs", () => {
    for (const [key, ttl, payload] of [
      [Buffer.from([0x80, 0xfe, 0xff, 0x00]), -1, randomBytes(100)],
      [Buffer.alloc(0), 1, Buffer.alloc(0)],
      [Buffer.from("ключ 🔑"), 86_400_000, Buffer.from("value")],
    ] as const) {
      const d = decodeLine(line(encodeKeyLine(key, ttl, payload)));
      expect(d).toEqual({ kind: "key", record: { key, ttl, payload } });
    }
  });

  it("encodes and decodes a value larger than its base64 slices byte for byte", () => {
    const payload = randomBytes(10 * 1024 * 1024 + 7); // > 3 MB encode slices and 4 MB decode slices, not a multiple of 3
    const d = decodeLine(line(encodeKeyLine(Buffer.from("big"), -1, payload)));
    expect(d.kind).toBe("key");
    expect(d.kind === "key" && d.record.payload.equals(payload)).toBe(true);
  });

  it("refuses TTLs that RESTORE would misread", () => {
    expect(() => encodeKeyLine(Buffer.from("k"), 0, Buffer.from("v"))).toThrow(RangeError);
    expect(() => encodeKeyLine(Buffer.from("k"), -2, Buffer.from("v"))).toThrow(RangeError);
    expect(errorOf(() => decodeLine(Buffer.from('{"k":"aw==","t":0,"v":"dg=="}'))).message).toMatch(/TTL/);
    expect(errorOf(() => decodeLine(Buffer.from('{"k":"aw==","t":1.5,"v":"dg=="}'))).message).toMatch(/TTL/);
  });

  it("accepts a key line with other JSON spacing or field order", () => {
    expect(decodeLine(Buffer.from('{ "v": "dg==", "t": -1, "k": "aw==" }'))).toEqual({ kind: "key", record: { key: Buffer.from("k"), ttl: -1, payload: Buffer.from("v") } });
  });

  it("refuses broken base64 and broken lines", () => {
    expect(() => decodeBase64(Buffer.from("abc"), "a key")).toThrow(/base64/);
    expect(() => decodeBase64(Buffer.from("ab=c"), "a key")).toThrow(/base64/);
    expect(() => decodeBase64(Buffer.from("ab!c"), "a key")).toThrow(/base64/);
    expect(errorOf(() => decodeLine(Buffer.from('{"k":"a!==","t":-1,"v":"dg=="}'))).message).toMatch(/base64/);
    expect(errorOf(() => decodeLine(Buffer.from('{"k":"aw==","t":-1,"v":"dg=='))).message).toMatch(/not valid JSON/);
    expect(errorOf(() => decodeLine(Buffer.from("[1,2]"))).message).toMatch(/object/);
    expect(errorOf(() => decodeLine(Buffer.from('{"x":1}'))).message).toMatch(/neither/);
  });
});

describe("BackupReader", () => {
  const file = (...parts: (string | Buffer)[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p)));
  const k1 = encodeKeyLine(Buffer.from("a"), -1, Buffer.from("1"));
  const k2 = encodeKeyLine(Buffer.from([0xff]), 5000, Buffer.from("2"));
  const head = encodeHeader({ db: 3, server: "Redis 7.0.15", createdAt: new Date() });

  it("reads a complete backup in any chunking and reports its header", () => {
    for (const size of [1, 3, 64, 1 << 20]) {
      const { reader, keys } = readAll(file(head, k1, k2, encodeEnd(2)), size);
      expect(reader.complete).toBe(true);
      expect(reader.header).toMatchObject({ format: "bunker-redis", version: 1, db: 3, server: "Redis 7.0.15" });
      expect(keys.map((k) => [k.key, k.ttl])).toEqual([
        [Buffer.from("a"), -1],
        [Buffer.from([0xff]), 5000],
      ]);
    }
  });

  it("accepts CRLF line ends and an end marker without a final newline", () => {
    const crlf = file(head, k1, encodeEnd(1)).toString().replace(/\n/g, "\r\n");
    expect(readAll(Buffer.from(crlf)).keys).toHaveLength(1);
    expect(readAll(file(head, k1, encodeEnd(1).trimEnd())).reader.complete).toBe(true);
  });

  it("reports a backup cut anywhere before its end marker as truncated", () => {
    const whole = file(head, k1, k2, encodeEnd(2));
    const endAt = whole.length - encodeEnd(2).length;
    for (let cut = head.length; cut < endAt + 5; cut += 1) {
      const e = errorOf(() => readAll(whole.subarray(0, cut)));
      expect(e.code, `cut at ${cut}`).toBe("FAILED");
      expect(e.message, `cut at ${cut}`).toMatch(/truncated backup/);
    }
    // …but never before the last key line was complete: missing end marker with every key present.
    expect(errorOf(() => readAll(file(head, k1, k2))).message).toBe("truncated backup: the end marker is missing (2 keys read)");
  });

  it("refuses a count mismatch, a second header, data after the end and files that are not backups", () => {
    expect(errorOf(() => readAll(file(head, k1, encodeEnd(2)))).message).toMatch(/end marker counts 2 keys but 1 were read/);
    expect(errorOf(() => readAll(file(head, k1, head, encodeEnd(1)))).message).toMatch(/second header/);
    expect(errorOf(() => readAll(file(head, encodeEnd(0), k1))).message).toMatch(/after the end marker/);
    expect(errorOf(() => readAll(file(k1, encodeEnd(1)))).code).toBe("INVALID_INPUT");
    expect(errorOf(() => readAll(file("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n"))).message).toMatch(/not a Bunker Redis backup/);
    expect(errorOf(() => readAll(file('{"format":"other","version":1,"db":0}\n'))).code).toBe("INVALID_INPUT");
    expect(errorOf(() => readAll(Buffer.alloc(0))).message).toMatch(/empty/);
    expect(errorOf(() => readAll(file(head, "not json\n", encodeEnd(0)))).message).toMatch(/^line 2: /);
  });

  it("says when a backup needs a newer Bunker", () => {
    const e = errorOf(() => readAll(file('{"format":"bunker-redis","version":2,"db":0}\n', encodeEnd(0))));
    expect(e.code).toBe("VERSION_MISMATCH");
    expect(e.message).toMatch(/format version 2/);
  });

  it("ignores blank lines between records", () => {
    expect(readAll(file(head, "\n", k1, "  \n", encodeEnd(1))).keys).toHaveLength(1);
  });
});

describe("describeKey", () => {
  it("shows printable keys as text and anything else as base64", () => {
    expect(describeKey(Buffer.from("user:42"))).toBe('"user:42"');
    expect(describeKey(Buffer.from([0xff, 0x00]))).toBe("base64:/wA=");
    expect(describeKey(Buffer.from("a\nb"))).toBe("base64:YQpi");
    expect(describeKey(Buffer.from("x".repeat(300)))).toHaveLength(103);
  });
});
