/** What the REST API answers about stored backups (see ../common.responses.ts). */
import { z } from "zod";
import { ZDateTime } from "../common.responses";
import type { BackupListItem, BackupListPage } from "./backup-dto";
import { BACKUP_SORTS } from "./storage.schema";
import type { VerifyResult } from "./verify-backup";

const ZVerification = z
  .discriminatedUnion("state", [
    z.strictObject({ state: z.literal("never") }),
    z.strictObject({ state: z.literal("ok"), at: ZDateTime }),
    z.strictObject({ state: z.literal("failed"), at: ZDateTime, reason: z.string() }),
  ])
  .meta({ id: "BackupVerification", description: "The outcome of the last read-back check" });

export const ZBackupListItem = z
  .strictObject({
    id: z.string(),
    job: z.strictObject({ id: z.string(), name: z.string() }).nullable().describe("null once the job was deleted"),
    destination: z.strictObject({ id: z.string(), name: z.string(), adapterId: z.string() }),
    databaseName: z.string(),
    engine: z.string(),
    serverVersion: z.string().nullable(),
    key: z.string().describe("The object key on the destination"),
    sizeBytes: z.number().int().nonnegative().describe("Stored size (compressed, encrypted)"),
    rawBytes: z.number().int().nonnegative().nullable().describe("Size of the dump before compression"),
    compression: z.string(),
    encryption: z
      .strictObject({ profileId: z.string().nullable(), profileName: z.string().nullable(), recipient: z.string().nullable() })
      .nullable()
      .describe("null when the backup is not encrypted"),
    locked: z.boolean().describe("Locked backups are left alone by retention and delete"),
    verification: ZVerification,
    createdAt: ZDateTime,
  })
  .meta({ id: "Backup" }) satisfies z.ZodType<BackupListItem>;

export const ZBackupsResponse = z.strictObject({
  rows: z.array(ZBackupListItem),
  total: z.number().int().nonnegative().describe("Backups matching the filters"),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  pageCount: z.number().int().positive(),
  sort: z.enum(BACKUP_SORTS),
  dir: z.enum(["asc", "desc"]),
}) satisfies z.ZodType<BackupListPage>;

export const ZBackupLocked = z.strictObject({ id: z.string(), locked: z.boolean() });

export const ZVerifyResult = z.strictObject({
  backupId: z.string(),
  status: z.enum(["ok", "failed"]),
  mode: z.enum(["raw", "decrypted", "plain"]).describe('"plain": decrypted and decompressed; "raw": sha256 and size only (no key for it in the vault)'),
  note: z.string().nullable().describe("Why the check was only raw, when it was"),
  error: z.string().nullable(),
  storedBytes: z.number().int().nonnegative(),
  verifiedAt: ZDateTime,
}) satisfies z.ZodType<VerifyResult>;
