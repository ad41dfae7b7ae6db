/**
 * The self-backup passphrase is a secret: it is kept sealed under the master key in its own SystemSetting
 * row, outside the typed settings (which are plain, listed and exported as they are).
 */
import { isSealed } from "@/lib/crypto/secrets";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { rewrap, seal, unseal } from "@/server/secrets";

export const PASSPHRASE_KEY = "configBackup.passphrase";
const CONTEXT = "setting:configBackup.passphrase";

export const hasSelfBackupPassphrase = async (): Promise<boolean> =>
  (await db.systemSetting.findUnique({ where: { key: PASSPHRASE_KEY }, select: { key: true } })) !== null;

export const setSelfBackupPassphrase = async (passphrase: string | null): Promise<void> => {
  if (passphrase === null) {
    await db.systemSetting.deleteMany({ where: { key: PASSPHRASE_KEY } });
    return;
  }
  const value = JSON.stringify(seal(passphrase, CONTEXT));
  await db.systemSetting.upsert({ where: { key: PASSPHRASE_KEY }, create: { key: PASSPHRASE_KEY, value }, update: { value } });
};

/**
 * The plain passphrase, or null when none is set. A value sealed under an older master key version is
 * re-sealed under the current one on the way (the key rotation does not know this row).
 */
export const readSelfBackupPassphrase = async (): Promise<string | null> => {
  const row = await db.systemSetting.findUnique({ where: { key: PASSPHRASE_KEY } });
  if (!row) return null;
  const sealed: unknown = JSON.parse(row.value);
  if (typeof sealed !== "string" || !isSealed(sealed)) throw new Error("the stored self-backup passphrase is unreadable; set it again on the Configuration page");
  let plain: string;
  try {
    plain = unseal(sealed, CONTEXT);
  } catch (e) {
    throw new Error(`the self-backup passphrase cannot be opened with this ENCRYPTION_KEY (${e instanceof Error ? e.message : String(e)}); set it again on the Configuration page`, { cause: e });
  }
  if (!sealed.startsWith(`v${env().keyring.currentVersion}:`)) {
    await db.systemSetting.updateMany({ where: { key: PASSPHRASE_KEY, value: row.value }, data: { value: JSON.stringify(rewrap(sealed, CONTEXT)) } });
  }
  return plain;
};
