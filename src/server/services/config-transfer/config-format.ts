/**
 * The configuration export file: every group, setting, encryption profile, source, destination, notifier
 * and job of an instance, as one JSON document. References between items use the exporting instance's
 * ids; the import maps them to new ones. Secret values appear only when the file is encrypted with a
 * passphrase (`includesSecrets: true`); otherwise secret fields and profile identities are left out.
 */
import { z } from "zod";

export const CONFIG_FORMAT = "bunker-config";
export const CONFIG_FORMAT_VERSION = 1;

const ZJson = z.json();

export const ZExportedGroup = z.object({
  name: z.string().min(1).max(100),
  description: z.string().nullable(),
  permissions: z.array(z.string()),
  isSuperAdmin: z.boolean(),
  isSystem: z.boolean(),
});

export const ZExportedProfile = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(100),
  description: z.string().nullable(),
  recipient: z.string().regex(/^age1[02-9ac-hj-np-z]+$/, "recipient must be an age1… public key"),
  /** AGE-SECRET-KEY-1…; absent when the export has no secrets */
  identity: z.string().startsWith("AGE-SECRET-KEY-1").optional(),
});

export const ZExportedAdapter = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(200),
  adapterId: z.string().min(1),
  /** Plain values; secret fields only when the export includes secrets */
  config: z.record(z.string(), ZJson),
  /** Secret fields that were set but left out of this file */
  secretsOmitted: z.array(z.string()).default([]),
  /** Non-secret facts such as a pinned SSH host key */
  metadata: z.record(z.string(), ZJson).nullable().default(null),
});

export const ZExportedJob = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(200),
  slug: z.string().min(1).max(100),
  description: z.string().nullable(),
  sourceId: z.string().min(1),
  destinationIds: z.array(z.string().min(1)),
  notifiers: z.array(z.object({ notifierId: z.string().min(1), events: z.array(z.string()) })).default([]),
  databases: ZJson,
  schedule: z.string().nullable(),
  enabled: z.boolean(),
  compression: z.string(),
  compressionLevel: z.number().int().nullable(),
  encryptionProfileId: z.string().nullable(),
  retention: ZJson,
  notificationEvents: ZJson,
  drill: ZJson.nullable(),
  timeoutSeconds: z.number().int().nullable(),
});

export const ZConfigExport = z.object({
  format: z.literal(CONFIG_FORMAT),
  formatVersion: z.literal(CONFIG_FORMAT_VERSION),
  bunkerVersion: z.string(),
  exportedAt: z.iso.datetime({ offset: true }),
  includesSecrets: z.boolean(),
  settings: z.record(z.string(), ZJson),
  /** The self-backup passphrase, only in files with secrets */
  selfBackup: z.object({ passphrase: z.string().nullable() }).optional(),
  groups: z.array(ZExportedGroup),
  encryptionProfiles: z.array(ZExportedProfile),
  sources: z.array(ZExportedAdapter),
  destinations: z.array(ZExportedAdapter),
  notifiers: z.array(ZExportedAdapter),
  jobs: z.array(ZExportedJob),
});

export type ConfigExport = z.infer<typeof ZConfigExport>;
export type ExportedAdapter = z.infer<typeof ZExportedAdapter>;
export type ExportedJob = z.infer<typeof ZExportedJob>;
export type ExportedProfile = z.infer<typeof ZExportedProfile>;

export class ConfigFormatError extends Error {
  override readonly name = "ConfigFormatError";
}

/** Parses the decrypted text; the messages say what is wrong with the file, for people. */
export const parseConfigExport = (text: string): ConfigExport => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigFormatError("This is not a Bunker configuration export: the file is not JSON (nor an age-encrypted export).");
  }
  if (!value || typeof value !== "object" || (value as { format?: unknown }).format !== CONFIG_FORMAT) {
    throw new ConfigFormatError("This is not a Bunker configuration export (no \"format\": \"bunker-config\").");
  }
  const version = (value as { formatVersion?: unknown }).formatVersion;
  if (typeof version === "number" && version > CONFIG_FORMAT_VERSION) {
    throw new ConfigFormatError(`This export uses a newer format version ${version}; this Bunker reads version ${CONFIG_FORMAT_VERSION}. Upgrade Bunker first.`);
  }
  const r = ZConfigExport.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new ConfigFormatError(`The configuration export is damaged or incomplete: ${first?.path.join(".") || "(root)"}: ${first?.message ?? "invalid"}.`);
};
