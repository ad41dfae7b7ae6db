import type { SystemTaskId } from "@/server/tasks/registry";
import { runTaskNow } from "@/server/tasks/system-tasks";
import type { TaskLastResult } from "@/server/tasks/task-state";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

/** Runs a task at once (or joins the run in progress) and returns its result, which is also recorded. */
export const runSystemTaskNow = async ({ id, actor }: { id: SystemTaskId; actor: Actor }): Promise<TaskLastResult> => {
  await recordAudit({ actor, action: "system_task.run", resourceType: "system_task", resourceId: id });
  return runTaskNow(id);
};
