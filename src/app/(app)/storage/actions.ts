"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { deleteBackup } from "@/server/services/storage/delete-backup";
import { setBackupLocked } from "@/server/services/storage/set-backup-locked";
import { ZBackupId, ZSetBackupLocked } from "@/server/services/storage/storage.schema";
import { verifyBackup } from "@/server/services/storage/verify-backup";

const done = () => revalidatePath("/storage");

// Verifying reads the whole backup, as a download does: the same permission.
export const verifyBackupAction = defineAction({
  name: "backups.verify",
  access: "storage:download",
  schema: ZBackupId,
  handler: async ({ backupId }, { actor }) => {
    const r = await verifyBackup({ backupId, actor });
    done();
    return r;
  },
});

export const setBackupLockedAction = defineAction({
  name: "backups.lock",
  access: "storage:delete",
  schema: ZSetBackupLocked,
  handler: async ({ backupId, locked }, { actor }) => {
    const r = await setBackupLocked({ backupId, locked, actor });
    done();
    return r;
  },
});

export const deleteBackupAction = defineAction({
  name: "backups.delete",
  access: "storage:delete",
  schema: ZBackupId,
  handler: async ({ backupId }, { actor }) => {
    const r = await deleteBackup({ backupId, actor });
    done();
    return r;
  },
});
