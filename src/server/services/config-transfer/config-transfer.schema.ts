import { z } from "zod";

/** An export file is small (kilobytes); the cap keeps a wrong upload from filling memory. */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;

export const ZExportRequest = z.object({
  /** Absent or empty: a plain JSON export without any secret */
  passphrase: z.string().max(1000).optional().transform((s) => (s ? s : null)),
});

export const ZImportRequest = z.object({
  /** The export file, base64 */
  file: z
    .string()
    .min(1, "Choose an export file")
    .max(Math.ceil((MAX_IMPORT_FILE_BYTES * 4) / 3) + 4, "The file is too large to be a configuration export"),
  passphrase: z.string().max(1000).optional().transform((s) => (s ? s : null)),
  dryRun: z.boolean().default(true),
  enableJobs: z.boolean().default(false),
});
