import { describe, expect, it } from "vitest";
import { buildManifest, type BuildManifestInput, parseManifest, serializeManifest, ZBackupManifest } from "@/lib/backup/manifest";

const RECIPIENT = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
const input = (over: Partial<BuildManifestInput> = {}): BuildManifestInput => ({
  bunkerVersion: "0.1.0",
  job: { id: "job1", name: "Nightly prod", slug: "nightly-prod" },
  source: { engine: "postgres", adapterId: "postgres", serverVersion: "PostgreSQL 15.18", toolVersion: "pg_dump 15.18" },
  database: "orders",
  key: "nightly-prod/2026-11-23/nightly-prod_orders_20261123T194500Z.dump.zst.age",
  startedAt: new Date("2026-11-23T19:45:00.120Z"),
  finishedAt: new Date("2026-11-23T19:46:10.500Z"),
  rawBytes: 12_300_000,
  storedBytes: 2_100_000,
  sha256: "a".repeat(64),
  compression: { algorithm: "zstd", level: 3 },
  recipients: [RECIPIENT],
  ...over,
});

describe("backup manifest", () => {
  it("builds the documented shape and round-trips through serialize/parse", () => {
    const m = buildManifest(input());
    expect(m).toEqual({
      format: "bunker-backup-manifest",
      formatVersion: 1,
      bunkerVersion: "0.1.0",
      job: { id: "job1", name: "Nightly prod", slug: "nightly-prod" },
      source: { engine: "postgres", adapterId: "postgres", serverVersion: "PostgreSQL 15.18", toolVersion: "pg_dump 15.18" },
      database: "orders",
      key: "nightly-prod/2026-11-23/nightly-prod_orders_20261123T194500Z.dump.zst.age",
      startedAt: "2026-11-23T19:45:00.120Z",
      finishedAt: "2026-11-23T19:46:10.500Z",
      rawBytes: 12_300_000,
      storedBytes: 2_100_000,
      sha256: "a".repeat(64),
      compression: { algorithm: "zstd", level: 3 },
      encryption: { format: "age-v1", recipients: [RECIPIENT] },
    });
    const text = serializeManifest(m);
    expect(text.endsWith("\n")).toBe(true);
    expect(parseManifest(text)).toEqual({ ok: true, manifest: m });
  });

  it("no encryption → null; none compression has no level; missing versions → null", () => {
    const m = buildManifest(input({ recipients: null, compression: { algorithm: "none", level: 9 }, source: { engine: "redis", adapterId: "redis" } }));
    expect(m.encryption).toBeNull();
    expect(m.compression).toEqual({ algorithm: "none", level: null });
    expect(m.source).toEqual({ engine: "redis", adapterId: "redis", serverVersion: null, toolVersion: null });
    expect(buildManifest(input({ recipients: [] })).encryption).toBeNull();
  });

  it("refuses what does not fit: a secret key as recipient, a bad sha256, negative sizes", () => {
    expect(() => buildManifest(input({ recipients: ["AGE-SECRET-KEY-1QQQQ"] }))).toThrow();
    expect(() => buildManifest(input({ sha256: "ABC" }))).toThrow();
    expect(() => buildManifest(input({ rawBytes: -1 }))).toThrow();
  });

  it("parseManifest reports bad JSON, another format, and unknown fields without throwing", () => {
    expect(parseManifest("{nope")).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    const m = buildManifest(input());
    expect(parseManifest(JSON.stringify({ ...m, format: "other" }))).toMatchObject({ ok: false, error: expect.stringMatching(/^the manifest does not match.*format/) });
    expect(parseManifest(JSON.stringify({ ...m, formatVersion: 2 })).ok).toBe(false);
    expect(parseManifest(JSON.stringify({ ...m, identity: "AGE-SECRET-KEY-1…" })).ok).toBe(false);
    expect(ZBackupManifest.safeParse({ ...m, encryption: { format: "age-v1", recipients: [] } }).success).toBe(false);
  });
});
