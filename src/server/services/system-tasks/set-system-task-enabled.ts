import type { SystemTaskId } from "@/server/tasks/registry";
import { isTaskEnabled, setTaskEnabledFlag } from "@/server/tasks/task-state";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

/** Turns a task's scheduled runs on or off (Run now still works while it is off). */
export const setSystemTaskEnabled = async ({ id, enabled, actor }: { id: SystemTaskId; enabled: boolean; actor: Actor }): Promise<void> => {
  const before = await isTaskEnabled(id);
  await setTaskEnabledFlag(id, enabled);
  await recordAudit({ actor, action: "system_task.update", resourceType: "system_task", resourceId: id, before: { enabled: before }, after: { enabled } });
};
