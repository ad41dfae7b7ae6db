"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { preflightRestore } from "@/server/services/restore/preflight-restore";
import { ZRestoreAction } from "@/server/services/restore/restore.schema";
import { startRestoreRun } from "@/server/services/restore/start-restore-run";

export const preflightRestoreAction = defineAction({
  name: "restore.preflight",
  access: "storage:restore",
  schema: ZRestoreAction,
  handler: async (input) => preflightRestore(input),
});

export const startRestoreAction = defineAction({
  name: "restore.start",
  access: "storage:restore",
  schema: ZRestoreAction,
  handler: async (input, { actor }) => {
    const result = await startRestoreRun({ ...input, actor, trigger: "manual" });
    revalidatePath("/history");
    return result;
  },
});
