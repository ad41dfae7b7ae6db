import { db } from "@/server/db";
import { log } from "@/lib/logger";
import { checkAdapterHealth, type HealthCheckOutcome } from "./check-adapter-health";

/** The health-check system task: every source and destination, two at a time. */
export const runHealthChecks = async (): Promise<HealthCheckOutcome[]> => {
  const ids = (await db.adapterConfig.findMany({ where: { kind: { in: ["source", "destination"] } }, select: { id: true } })).map((r) => r.id);
  const out: HealthCheckOutcome[] = [];
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      try {
        out.push(await checkAdapterHealth({ id }));
      } catch (e) {
        log.error("health check failed to run", { id, error: e });
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
};
