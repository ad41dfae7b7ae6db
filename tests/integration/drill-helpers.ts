/** Shared by the drill tests: a job's drill settings as stored, and a drill run to its end. Not a test file. */
import { type DrillSettings, ZDrillSettings } from "@/lib/drills/settings";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "@/server/services/audit/audit-context";
import { startDrillRun } from "@/server/services/drills/start-drill-run";
import { runLogs, waitForRun } from "./engine/fixtures";

/** Drills on, manual schedule, the rest from the defaults. */
export const drillOf = (over: Partial<DrillSettings> & { targetSourceId: string }): string => JSON.stringify(ZDrillSettings.parse({ enabled: true, schedule: { mode: "manual" }, ...over }));

export const drill = async (jobId: string) => {
  const { executionId } = await startDrillRun({ jobId, actor: SYSTEM_ACTOR, trigger: "manual" });
  const e = await waitForRun(executionId, 120_000);
  const result = await db.drillResult.findUnique({ where: { executionId } });
  return { e, result, logs: (await runLogs(executionId)).join("\n") };
};
