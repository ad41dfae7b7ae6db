/**
 * The storage explorer's inputs: the list filters (from the page's URL and the API's query string),
 * backup ids for the row actions, and the download format. GET forms send "" for "any".
 */
import { z } from "zod";

export const BACKUP_SORTS = ["created", "size", "job", "database"] as const;
export type BackupSort = (typeof BACKUP_SORTS)[number];

export const VERIFY_FILTERS = ["never", "ok", "failed"] as const;
export type VerifyFilter = (typeof VERIFY_FILTERS)[number];

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const opt = <S extends z.ZodType>(s: S) => z.preprocess(blank, s.optional());

export const ZListBackupsQuery = z.object({
  destinationId: opt(z.string().max(64)),
  jobId: opt(z.string().max(64)),
  engine: opt(z.string().max(32)),
  /** Part of the database name, case-insensitive */
  database: opt(z.string().trim().max(128)),
  verify: opt(z.enum(VERIFY_FILTERS)),
  locked: opt(z.enum(["yes", "no"])),
  sort: z.preprocess(blank, z.enum(BACKUP_SORTS).default("created")),
  dir: z.preprocess(blank, z.enum(["asc", "desc"]).default("desc")),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
  pageSize: z.preprocess(blank, z.coerce.number().int().min(1).max(200).default(25)),
});
export type TListBackupsQuery = z.output<typeof ZListBackupsQuery>;
export type TListBackupsInput = z.input<typeof ZListBackupsQuery>;

export const ZBackupId = z.object({ backupId: z.string().min(1).max(64) });

export const ZSetBackupLocked = ZBackupId.extend({ locked: z.boolean() });

/** raw: the file as stored (still checked); plain: decrypted and decompressed, what the dump tool wrote */
export const DOWNLOAD_FORMATS = ["raw", "plain"] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];
export const ZDownloadQuery = z.object({ format: z.preprocess(blank, z.enum(DOWNLOAD_FORMATS).default("raw")) });

export const ZUnrecognisedQuery = z.object({ destinationId: opt(z.string().max(64)) });
