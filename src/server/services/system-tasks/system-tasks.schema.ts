import { z } from "zod";
import { SYSTEM_TASK_IDS } from "@/server/tasks/registry";

export const ZTaskId = z.enum(SYSTEM_TASK_IDS);
export const ZSetTaskEnabled = z.object({ id: ZTaskId, enabled: z.boolean() });
export const ZRunTaskNow = z.object({ id: ZTaskId });
