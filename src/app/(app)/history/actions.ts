"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { ZCancelRun } from "@/server/services/executions/executions.schema";
import { cancelRun } from "@/server/services/runs/cancel-run";

const refresh = (executionId: string) => {
  revalidatePath(`/history/${executionId}`);
  revalidatePath("/history");
};

export const cancelRunAction = defineAction({
  name: "runs.cancel",
  access: "jobs:execute",
  schema: ZCancelRun,
  handler: async ({ executionId }, { actor }) => {
    const { status } = await cancelRun({ executionId, actor });
    refresh(executionId);
    return { executionId, status };
  },
});

/** Whoever may start a restore (storage:restore) may stop it, without jobs:execute; other run types are refused. */
export const cancelRestoreAction = defineAction({
  name: "restores.cancel",
  access: "storage:restore",
  schema: ZCancelRun,
  handler: async ({ executionId }, { actor }) => {
    const { status } = await cancelRun({ executionId, actor, onlyType: "Restore" });
    refresh(executionId);
    return { executionId, status };
  },
});
