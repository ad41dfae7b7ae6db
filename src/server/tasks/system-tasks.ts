/**
 * Runs the system tasks: one non-overlapping interval task each (a disabled task skips its scheduled
 * runs), and runTaskNow for the UI. Every run records its last result; a run already in progress is
 * joined rather than started twice.
 */
import { log } from "@/lib/logger";
import { startIntervalTask, type IntervalTask } from "@/lib/scheduler/interval-task";
import { SYSTEM_TASKS, systemTask, type SystemTask, type SystemTaskId } from "./registry";
import { isTaskEnabled, recordTaskResult, type TaskLastResult } from "./task-state";

const g = globalThis as unknown as {
  bunkerSystemTasks?: Map<SystemTaskId, IntervalTask>;
  bunkerSystemTaskRuns?: Map<SystemTaskId, Promise<TaskLastResult>>;
};
const timers = (g.bunkerSystemTasks ??= new Map());
const inFlight = (g.bunkerSystemTaskRuns ??= new Map());

const execute = async (task: SystemTask): Promise<TaskLastResult> => {
  const started = Date.now();
  let outcome: { ok: boolean; summary: string };
  try {
    outcome = await task.run();
  } catch (e) {
    log.error(`system task ${task.id} failed`, { error: e });
    outcome = { ok: false, summary: e instanceof Error ? e.message : String(e) };
  }
  const result: TaskLastResult = {
    at: new Date(started).toISOString(),
    ok: outcome.ok,
    summary: outcome.summary.split("\n")[0]?.slice(0, 500) ?? "",
    durationMs: Date.now() - started,
  };
  try {
    await recordTaskResult(task.id, result);
  } catch (e) {
    log.error(`could not record the result of system task ${task.id}`, { error: e });
  }
  return result;
};

/** Runs the task now whatever its enabled flag, or joins the run in progress. */
export const runTaskNow = (id: SystemTaskId): Promise<TaskLastResult> => {
  const current = inFlight.get(id);
  if (current) return current;
  const p = execute(systemTask(id)).finally(() => inFlight.delete(id));
  inFlight.set(id, p);
  return p;
};

export const isTaskRunning = (id: SystemTaskId): boolean => inFlight.has(id);

/** Starts one system task's schedule once per process. */
export const startSystemTask = (id: SystemTaskId): IntervalTask => {
  const existing = timers.get(id);
  if (existing) return existing;
  const task = systemTask(id);
  const started = startIntervalTask({
    name: task.id,
    intervalMs: task.intervalMs,
    run: async () => {
      if (!(await isTaskEnabled(task.id))) return;
      await runTaskNow(task.id);
    },
    onError: (e) => log.error(`system task ${task.id} failed`, { error: e }),
    // Health checks start soon after boot; the maintenance tasks leave the start-up a minute of quiet.
    initialDelayMs: id === "health-checks" ? undefined : 60_000,
  });
  timers.set(id, started);
  return started;
};

/** Starts every system task's schedule (idempotent). */
export const startSystemTasks = (): void => {
  for (const t of SYSTEM_TASKS) startSystemTask(t.id);
};

export const stopSystemTasks = (): void => {
  for (const t of timers.values()) t.stop();
  timers.clear();
};
