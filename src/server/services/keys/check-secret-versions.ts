/**
 * What a rotation would do, without opening or writing anything: how many stored secrets are under each
 * master key version, how many are not under the current one, and which of those versions have no key
 * configured (their values cannot be re-wrapped until that key is given in ENCRYPTION_PREVIOUS_KEYS).
 */
import { type Keyring, sealedVersion } from "@/lib/crypto/secrets";
import { env } from "@/server/env";
import { SECRET_KINDS, type SecretKind, secretRows } from "./secret-stores";

export type SecretVersionReport = {
  keyVersion: number;
  total: number;
  /** Secrets not under the current version, i.e. what a rotation re-wraps */
  stale: number;
  /** count per key version, e.g. { "1": 4, "2": 7 } */
  byVersion: Record<string, number>;
  /** stale count per kind */
  staleByKind: Record<SecretKind, number>;
  /** Versions in use that no configured key opens */
  missingKeys: number[];
};

export const checkSecretVersions = async ({ keyring = env().keyring }: { keyring?: Keyring } = {}): Promise<SecretVersionReport> => {
  const byVersion: Record<string, number> = {};
  const staleByKind = Object.fromEntries(SECRET_KINDS.map((k) => [k, 0])) as Record<SecretKind, number>;
  let total = 0;
  for await (const row of secretRows()) {
    for (const v of row.values) {
      const version = sealedVersion(v.sealed);
      if (version === null) continue;
      total++;
      byVersion[version] = (byVersion[version] ?? 0) + 1;
      if (version !== keyring.currentVersion) staleByKind[row.kind]++;
    }
  }
  const missingKeys = Object.keys(byVersion).map(Number).filter((v) => !keyring.keys.has(v)).sort((a, b) => a - b);
  return { keyVersion: keyring.currentVersion, total, stale: total - (byVersion[keyring.currentVersion] ?? 0), byVersion, staleByKind, missingKeys };
};
