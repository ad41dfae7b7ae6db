/**
 * Whether a dump taken from one server version may be restored into another. Pure: works on the
 * display strings adapters report ("PostgreSQL 15.18", "MariaDB 10.11.19", "MySQL 8.0.36",
 * "Redis 7.0.15", "Valkey 8.0.1", "SQLite 3.40.1").
 *
 * - PostgreSQL: pg_dump output may use features of its server's major version: the target's major must
 *   not be older (minor releases never matter).
 * - MySQL / MariaDB: same product, major.minor not older (patch releases never matter). Across
 *   products a dump often works but may use collations or syntax the other lacks: a warning.
 * - Redis / Valkey: the DUMP payload format is not backward compatible: the full version must not be
 *   older. Valkey continues Redis 7.2, so across products the numbers are compared, with a warning.
 * - SQLite: a text dump; any version reads it.
 */

export type VersionVerdict = { status: "ok" | "warn" | "fail"; message: string };

type Parsed = { product: string; parts: number[]; text: string };

/** "PostgreSQL 15.18 (Debian …)" → { product: "postgresql", parts: [15, 18] } */
export const parseDisplayVersion = (text: string | null | undefined): Parsed | null => {
  if (!text) return null;
  const m = /^\s*([A-Za-z][\w-]*)\s+v?(\d+(?:\.\d+)*)/.exec(text);
  if (!m?.[1] || !m[2]) return null;
  return { product: m[1].toLowerCase(), parts: m[2].split(".").map(Number), text: `${m[1]} ${m[2]}` };
};

/** Compares the first `n` parts (missing parts count as 0): <0, 0, >0. */
export const compareParts = (a: readonly number[], b: readonly number[], n = Math.max(a.length, b.length)): number => {
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/** PostgreSQL majors: 9.6 is a major, 10+ uses the first number only. */
const pgMajor = (parts: readonly number[]): number[] => ((parts[0] ?? 0) >= 10 ? [parts[0] ?? 0] : [parts[0] ?? 0, parts[1] ?? 0]);

export const compareRestoreVersions = (engine: string, backupVersion: string | null | undefined, targetVersion: string): VersionVerdict => {
  const target = parseDisplayVersion(targetVersion);
  if (engine === "sqlite") return { status: "ok", message: `${targetVersion} reads any SQLite text dump` };
  const backup = parseDisplayVersion(backupVersion);
  if (!backup) return { status: "warn", message: `the backup does not record its server version; the target runs ${targetVersion}` };
  if (!target) return { status: "warn", message: `could not read the target's version (${targetVersion}); the backup comes from ${backup.text}` };

  if (engine === "postgres") {
    const b = pgMajor(backup.parts);
    const t = pgMajor(target.parts);
    if (compareParts(t, b) < 0) {
      return { status: "fail", message: `the backup comes from PostgreSQL ${b.join(".")}, the target runs ${target.text}: restore into PostgreSQL ${b.join(".")} or newer` };
    }
    return { status: "ok", message: `${backup.text} → ${target.text}` };
  }

  if (engine === "mysql") {
    const cmp = compareParts(target.parts, backup.parts, 2);
    if (backup.product !== target.product) {
      return { status: "warn", message: `the backup comes from ${backup.text}, the target runs ${target.text}: dumps usually load across MySQL and MariaDB, but collations or syntax may differ` };
    }
    if (cmp < 0) return { status: "fail", message: `the backup comes from ${backup.text}, the target runs ${target.text}: restore into ${backup.product === "mariadb" ? "MariaDB" : "MySQL"} ${backup.parts.slice(0, 2).join(".")} or newer` };
    return { status: "ok", message: `${backup.text} → ${target.text}` };
  }

  if (engine === "redis") {
    const cmp = compareParts(target.parts, backup.parts, 3);
    if (cmp < 0) {
      return { status: "fail", message: `the backup comes from ${backup.text}, the target runs ${target.text}: Redis cannot read the DUMP format of a newer version; restore into ${backup.text} or newer` };
    }
    if (backup.product !== target.product) return { status: "warn", message: `${backup.text} → ${target.text}: different products; the DUMP format usually matches up to Redis 7.2` };
    return { status: "ok", message: `${backup.text} → ${target.text}` };
  }

  return { status: "warn", message: `no version rule for ${engine}: ${backup.text} → ${target.text}` };
};
