import { describe, expect, it } from "vitest";
import { ConfigPassphraseError, decryptWithPassphrase, encryptWithPassphrase, isAgeFile } from "@/server/services/config-transfer/config-crypto";
import { ConfigFormatError, parseConfigExport } from "@/server/services/config-transfer/config-format";
import { configBackupKey } from "@/server/services/config-transfer/run-config-backup";
import { BUNKER_KEY_PATTERN } from "@/server/services/maintenance/collect-orphans";

const minimal = {
  format: "bunker-config",
  formatVersion: 1,
  bunkerVersion: "0.1.0",
  exportedAt: "2026-01-01T00:00:00.000Z",
  includesSecrets: false,
  settings: { "instance.name": "Bunker" },
  groups: [],
  encryptionProfiles: [],
  sources: [{ id: "s1", name: "pg", adapterId: "postgres", config: { host: "db" } }],
  destinations: [],
  notifiers: [],
  jobs: [],
};

describe("the configuration export format", () => {
  it("parses a valid document and fills the defaults", () => {
    const doc = parseConfigExport(JSON.stringify(minimal));
    expect(doc.sources[0]).toEqual({ id: "s1", name: "pg", adapterId: "postgres", config: { host: "db" }, secretsOmitted: [], metadata: null });
  });

  it("says what is wrong with a file that is not an export", () => {
    expect(() => parseConfigExport("not json")).toThrow(ConfigFormatError);
    expect(() => parseConfigExport("not json")).toThrow(/not a Bunker configuration export/);
    expect(() => parseConfigExport(JSON.stringify({ format: "bunker-backup-manifest" }))).toThrow(/not a Bunker configuration export/);
    expect(() => parseConfigExport(JSON.stringify({ ...minimal, formatVersion: 2 }))).toThrow(/newer format version 2/);
    expect(() => parseConfigExport(JSON.stringify({ ...minimal, sources: [{ id: "x" }] }))).toThrow(/damaged or incomplete: sources\.0\.name/);
  });
});

describe("passphrase encryption", () => {
  it("round-trips, and a wrong passphrase is its own error", async () => {
    const bytes = await encryptWithPassphrase('{"a":1}', "a long passphrase");
    expect(isAgeFile(bytes)).toBe(true);
    expect(isAgeFile(new TextEncoder().encode("{}"))).toBe(false);
    expect(await decryptWithPassphrase(bytes, "a long passphrase")).toBe('{"a":1}');
    await expect(decryptWithPassphrase(bytes, "wrong one")).rejects.toThrow(ConfigPassphraseError);
    await expect(decryptWithPassphrase(bytes, "wrong one")).rejects.toThrow(/Wrong passphrase/);
  }, 20_000);
});

describe("the self-backup key", () => {
  it("is a UTC timestamp under _bunker-config/, outside what orphan GC considers", () => {
    const key = configBackupKey(new Date(Date.UTC(2026, 10, 23, 19, 45, 0)));
    expect(key).toBe("_bunker-config/20261123T194500Z.json.age");
    expect(BUNKER_KEY_PATTERN.test(key)).toBe(false);
  });
});
