/**
 * Object keys of backups (DESIGN §4):
 *   <job-slug>/<YYYY-MM-DD>/<job-slug>_<db>_<UTC timestamp>.<dump ext>[.zst|.gz][.age]
 * plus `<same>.manifest.json`. Dates and times are UTC, so a key never depends on the host's zone.
 */
import { compressionExtension, type CompressionKind } from "@/lib/compression/kinds";

export const MANIFEST_SUFFIX = ".manifest.json";
export const AGE_EXTENSION = ".age";

/** Keeps [A-Za-z0-9._-] and replaces anything else with "_" (never empty). */
export const sanitizeKeyPart = (part: string): string => {
  const s = part.replace(/[^A-Za-z0-9._-]/g, "_");
  return s === "" ? "_" : s;
};

/** A slug for a key: the job's slug, sanitised the same way and never "." or "..". */
const slugPart = (slug: string): string => {
  const s = sanitizeKeyPart(slug);
  return /^\.+$/.test(s) ? s.replace(/\./g, "_") : s;
};

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** "2026-11-23" in UTC */
export const utcDate = (at: Date): string => `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;

/** "20261123T194500Z" in UTC (seconds resolution) */
export const utcTimestamp = (at: Date): string =>
  `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}Z`;

/** The file extension after the dump's own: ".sql", ".sql.zst", ".dump.gz.age" … */
export const artifactExtension = (dumpExtension: string, compression: CompressionKind, encrypted: boolean): string =>
  `.${sanitizeKeyPart(dumpExtension)}${compressionExtension(compression)}${encrypted ? AGE_EXTENSION : ""}`;

export type BackupKeyInput = {
  jobSlug: string;
  database: string;
  /** When the database's dump started */
  at: Date;
  dumpExtension: string;
  compression: CompressionKind;
  encrypted: boolean;
};

export type BackupKeys = { key: string; manifestKey: string };

export const manifestKeyFor = (key: string): string => `${key}${MANIFEST_SUFFIX}`;

export const backupKeys = (o: BackupKeyInput): BackupKeys => {
  if (Number.isNaN(o.at.getTime())) throw new RangeError("backupKeys needs a valid date");
  const slug = slugPart(o.jobSlug);
  const key = `${slug}/${utcDate(o.at)}/${slug}_${sanitizeKeyPart(o.database)}_${utcTimestamp(o.at)}${artifactExtension(o.dumpExtension, o.compression, o.encrypted)}`;
  return { key, manifestKey: manifestKeyFor(key) };
};
