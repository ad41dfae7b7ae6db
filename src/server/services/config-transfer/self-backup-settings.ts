/** The self-backup settings as the Configuration page edits them; the passphrase is write-only. */
import { z } from "zod";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { getSettings } from "../settings/get-settings";
import { updateSettings } from "../settings/update-settings";
import { MIN_PASSPHRASE_LENGTH } from "./export-config";
import { hasSelfBackupPassphrase, setSelfBackupPassphrase } from "./self-backup-passphrase";

export const ZSelfBackupSettings = z.object({
  destinationId: z.string().min(1).max(100).nullable(),
  intervalHours: z.number().int().min(1).max(24 * 30),
  keep: z.number().int().min(1).max(365),
  /** Empty or absent: keep the current one */
  passphrase: z.string().max(1000).optional(),
});
export type TSelfBackupSettings = z.infer<typeof ZSelfBackupSettings>;

export type SelfBackupSettings = { destinationId: string | null; intervalHours: number; keep: number; passphraseSet: boolean };

export const getSelfBackupSettings = async (): Promise<SelfBackupSettings> => {
  const s = await getSettings();
  return { destinationId: s["configBackup.destinationId"], intervalHours: s["configBackup.intervalHours"], keep: s["configBackup.keep"], passphraseSet: await hasSelfBackupPassphrase() };
};

export const updateSelfBackupSettings = async ({ data, actor }: { data: TSelfBackupSettings; actor: Actor }): Promise<SelfBackupSettings> => {
  const passphrase = data.passphrase ?? "";
  if (passphrase !== "" && passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError("VALIDATION", `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`, { fieldErrors: { passphrase: ["Too short"] } });
  }
  if (data.destinationId) {
    const row = await db.adapterConfig.findUnique({ where: { id: data.destinationId }, select: { kind: true } });
    if (!row || row.kind !== "destination") throw new AppError("VALIDATION", "That destination does not exist.", { fieldErrors: { destinationId: ["Unknown destination"] } });
    if (passphrase === "" && !(await hasSelfBackupPassphrase())) {
      throw new AppError("VALIDATION", "Set a passphrase: the self-backup holds every secret and is always encrypted.", { fieldErrors: { passphrase: ["Required"] } });
    }
  }
  await updateSettings({
    patch: { "configBackup.destinationId": data.destinationId, "configBackup.intervalHours": data.intervalHours, "configBackup.keep": data.keep },
    actor,
  });
  if (passphrase !== "") {
    await setSelfBackupPassphrase(passphrase);
    await recordAudit({ actor, action: "settings.update", resourceType: "settings", details: { changed: ["configBackup.passphrase"] } });
  }
  return getSelfBackupSettings();
};
