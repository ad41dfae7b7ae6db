/**
 * The backup manifest: written LAST next to each stored artifact (`<key>.manifest.json`). A backup
 * exists only if its manifest does. It describes the artifact and how to read it back; it never holds
 * a secret (the encryption part names public age recipients only).
 */
import { z } from "zod";

export const MANIFEST_FORMAT = "bunker-backup-manifest";
export const MANIFEST_FORMAT_VERSION = 1;

const ZIsoDate = z.iso.datetime({ offset: true });

export const ZBackupManifest = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    formatVersion: z.literal(MANIFEST_FORMAT_VERSION),
    bunkerVersion: z.string().min(1),
    job: z.object({ id: z.string().min(1), name: z.string().min(1), slug: z.string().min(1) }).strict(),
    source: z
      .object({
        engine: z.string().min(1),
        adapterId: z.string().min(1),
        serverVersion: z.string().nullable(),
        toolVersion: z.string().nullable(),
      })
      .strict(),
    database: z.string().min(1),
    key: z.string().min(1),
    startedAt: ZIsoDate,
    finishedAt: ZIsoDate,
    rawBytes: z.number().int().nonnegative(),
    storedBytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lower-case hex characters"),
    compression: z.object({ algorithm: z.enum(["zstd", "gzip", "none"]), level: z.number().int().nullable() }).strict(),
    encryption: z
      .object({
        format: z.literal("age-v1"),
        recipients: z.array(z.string().regex(/^age1[02-9ac-hj-np-z]+$/, "recipients are age1… public keys")).min(1),
      })
      .strict()
      .nullable(),
  })
  .strict();

export type BackupManifest = z.infer<typeof ZBackupManifest>;

export type BuildManifestInput = {
  bunkerVersion: string;
  job: { id: string; name: string; slug: string };
  source: { engine: string; adapterId: string; serverVersion?: string | null; toolVersion?: string | null };
  database: string;
  key: string;
  startedAt: Date;
  finishedAt: Date;
  rawBytes: number;
  storedBytes: number;
  sha256: string;
  compression: { algorithm: "zstd" | "gzip" | "none"; level: number | null };
  /** Public age recipients; null or empty when the backup is not encrypted */
  recipients: string[] | null;
};

/** Builds and validates a manifest (throws a ZodError for anything that does not fit the format). */
export const buildManifest = (i: BuildManifestInput): BackupManifest =>
  ZBackupManifest.parse({
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    bunkerVersion: i.bunkerVersion,
    job: { id: i.job.id, name: i.job.name, slug: i.job.slug },
    source: {
      engine: i.source.engine,
      adapterId: i.source.adapterId,
      serverVersion: i.source.serverVersion ?? null,
      toolVersion: i.source.toolVersion ?? null,
    },
    database: i.database,
    key: i.key,
    startedAt: i.startedAt.toISOString(),
    finishedAt: i.finishedAt.toISOString(),
    rawBytes: i.rawBytes,
    storedBytes: i.storedBytes,
    sha256: i.sha256,
    compression: { algorithm: i.compression.algorithm, level: i.compression.algorithm === "none" ? null : i.compression.level },
    encryption: i.recipients && i.recipients.length > 0 ? { format: "age-v1", recipients: [...i.recipients] } : null,
  } satisfies BackupManifest);

/** The bytes written to the destination: pretty-printed JSON with a trailing newline. */
export const serializeManifest = (m: BackupManifest): string => `${JSON.stringify(ZBackupManifest.parse(m), null, 2)}\n`;

export type ParseManifestResult = { ok: true; manifest: BackupManifest } | { ok: false; error: string };

/** Parses manifest text read back from a destination; never throws. */
export const parseManifest = (text: string): ParseManifestResult => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `the manifest is not valid JSON: ${(e as Error).message}` };
  }
  const r = ZBackupManifest.safeParse(value);
  if (r.success) return { ok: true, manifest: r.data };
  const first = r.error.issues[0];
  return { ok: false, error: `the manifest does not match ${MANIFEST_FORMAT} v${MANIFEST_FORMAT_VERSION}: ${first?.path.join(".") || "(root)"}: ${first?.message ?? "invalid"}` };
};
