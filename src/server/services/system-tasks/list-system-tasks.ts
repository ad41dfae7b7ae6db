import { SYSTEM_TASKS, type SystemTaskId } from "@/server/tasks/registry";
import { isTaskRunning } from "@/server/tasks/system-tasks";
import { readTaskStates, type TaskLastResult } from "@/server/tasks/task-state";

export type SystemTaskView = {
  id: SystemTaskId;
  label: string;
  description: string;
  intervalMs: number;
  enabled: boolean;
  running: boolean;
  lastResult: TaskLastResult | null;
};

/** Every system task with its interval, enabled flag and last result. */
export const listSystemTasks = async (): Promise<SystemTaskView[]> => {
  const states = await readTaskStates(SYSTEM_TASKS.map((t) => t.id));
  return Promise.all(
    SYSTEM_TASKS.map(async (t) => ({
      id: t.id,
      label: t.label,
      description: t.description,
      intervalMs: await t.intervalMs(),
      enabled: states.get(t.id)?.enabled ?? true,
      running: isTaskRunning(t.id),
      lastResult: states.get(t.id)?.lastResult ?? null,
    })),
  );
};
