"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { ZCancelRun } from "@/server/services/executions/executions.schema";
import { cancelRun } from "@/server/services/runs/cancel-run";

export const cancelRunAction = defineAction({
  name: "runs.cancel",
  access: "jobs:execute",
  schema: ZCancelRun,
  handler: async ({ executionId }, { actor }) => {
    const { status } = await cancelRun({ executionId, actor });
    revalidatePath(`/history/${executionId}`);
    revalidatePath("/history");
    return { executionId, status };
  },
});
