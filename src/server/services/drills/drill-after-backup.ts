/** The "after every backup" drill schedule: called once a backup run committed something. Never throws. */
import { drillsActive, parseDrillSettings } from "@/lib/drills/settings";
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { SYSTEM_ACTOR } from "../audit/audit-context";
import { startDrillRun } from "./start-drill-run";

export const startDrillAfterBackup = async (executionId: string): Promise<void> => {
  try {
    const exec = await db.execution.findUnique({ where: { id: executionId }, select: { jobId: true, job: { select: { drill: true } } } });
    if (!exec?.jobId) return;
    const s = parseDrillSettings(exec.job?.drill);
    if (!drillsActive(s) || s.schedule.mode !== "after-backup") return;
    await startDrillRun({ jobId: exec.jobId, actor: SYSTEM_ACTOR, trigger: "after-backup" });
  } catch (e) {
    log.error("could not start the drill after a backup", { executionId, error: e });
  }
};
