import { log } from "@/lib/logger";
import { startIntervalTask, type IntervalTask } from "@/lib/scheduler/interval-task";
import { runHealthChecks } from "@/server/services/adapters/run-health-checks";
import { getSetting } from "@/server/services/settings/get-settings";

const g = globalThis as unknown as { bunkerHealthTask?: IntervalTask };

/** Starts the health-check system task once per process (interval: the health.intervalSeconds setting). */
export const startHealthTask = (): IntervalTask =>
  (g.bunkerHealthTask ??= startIntervalTask({
    name: "health-checks",
    intervalMs: async () => (await getSetting("health.intervalSeconds")) * 1000,
    run: async () => {
      await runHealthChecks();
    },
    onError: (e) => log.error("health checks failed", { error: e }),
  }));
