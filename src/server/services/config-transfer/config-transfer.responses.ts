/** What the REST API answers for configuration transfer (see ../common.responses.ts). */
import { z } from "zod";
import type { ImportSummary } from "./import-config";
import type { ItemAction, ItemKind } from "./plan-import";

export { ZConfigExport } from "./config-format";

const ITEM_KINDS = ["setting", "group", "encryptionProfile", "source", "destination", "notifier", "job"] as const satisfies readonly ItemKind[];
const ITEM_ACTIONS = ["create", "update", "conflict", "skip"] as const satisfies readonly ItemAction[];

export const ZImportSummary = z.strictObject({
  dryRun: z.boolean(),
  includesSecrets: z.boolean(),
  exportedAt: z.string().describe("When the file was exported (ISO 8601)"),
  bunkerVersion: z.string().describe("The version that exported it"),
  items: z.array(z.strictObject({ kind: z.enum(ITEM_KINDS), name: z.string(), action: z.enum(ITEM_ACTIONS), detail: z.string().optional() })),
  counts: z.strictObject({ create: z.number().int(), update: z.number().int(), conflict: z.number().int(), skip: z.number().int() }),
  backups: z
    .array(
      z.strictObject({
        destinationId: z.string(),
        destinationName: z.string(),
        manifests: z.number().int(),
        imported: z.number().int(),
        known: z.number().int(),
        skipped: z.number().int(),
        errors: z.array(z.string()),
      }),
    )
    .describe("After a real import: the backups found again on each destination the file names"),
}) satisfies z.ZodType<ImportSummary>;
