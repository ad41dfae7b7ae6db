import type { IntervalTask } from "@/lib/scheduler/interval-task";
import { startSystemTask } from "./system-tasks";

/** Starts the health-check system task once per process (interval: the health.intervalSeconds setting). */
export const startHealthTask = (): IntervalTask => startSystemTask("health-checks");
