/**
 * Downloads the configuration export. Without a passphrase it is plain JSON with every secret left out;
 * with one, it is an age file (scrypt) holding the secrets too. Audited as config.export, never with a
 * secret.
 */
import { utcTimestamp } from "@/lib/backup/keys";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { buildConfigExport } from "./build-export";
import { encryptWithPassphrase } from "./config-crypto";
import type { ConfigExport } from "./config-format";

export type ConfigExportFile = { fileName: string; contentType: string; bytes: Uint8Array; includesSecrets: boolean };

export const MIN_PASSPHRASE_LENGTH = 10;

export const exportCounts = (doc: ConfigExport) => ({
  groups: doc.groups.length,
  encryptionProfiles: doc.encryptionProfiles.length,
  sources: doc.sources.length,
  destinations: doc.destinations.length,
  notifiers: doc.notifiers.length,
  jobs: doc.jobs.length,
  settings: Object.keys(doc.settings).length,
});

/** The export as bytes: encrypted when a passphrase is given. Shared with the scheduled self-backup. */
export const renderConfigExport = async (passphrase: string | null, at = new Date()): Promise<ConfigExportFile & { doc: ConfigExport }> => {
  if (passphrase !== null && passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError("VALIDATION", `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`, { fieldErrors: { passphrase: ["Too short"] } });
  }
  const doc = await buildConfigExport({ includeSecrets: passphrase !== null });
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  const base = `bunker-config-${utcTimestamp(at)}`;
  if (passphrase === null) return { doc, fileName: `${base}.json`, contentType: "application/json", bytes: new TextEncoder().encode(json), includesSecrets: false };
  return { doc, fileName: `${base}.json.age`, contentType: "application/octet-stream", bytes: await encryptWithPassphrase(json, passphrase), includesSecrets: true };
};

export const exportConfig = async ({ passphrase, actor }: { passphrase: string | null; actor: Actor }): Promise<ConfigExportFile> => {
  const { doc, ...file } = await renderConfigExport(passphrase);
  await recordAudit({
    actor,
    action: "config.export",
    resourceType: "config",
    details: { contents: file.includesSecrets ? "with-secrets" : "without-secrets", fileName: file.fileName, counts: exportCounts(doc) },
  });
  return file;
};
