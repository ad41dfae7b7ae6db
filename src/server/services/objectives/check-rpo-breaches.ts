/**
 * The hourly RPO check: every enabled scheduled job whose newest verified backup is older than its
 * RPO notifies rpo.breached, once per breach (the dedupe key names the last verified backup, so a new
 * verified backup ends the breach and a later one alerts again).
 */
import { notifyEvent } from "../notifications/notify-event";
import { jobsRecoveryObjectives } from "./job-recovery-objectives";

export const checkRpoBreaches = async (now = new Date()): Promise<{ checked: number; breached: string[] }> => {
  const all = await jobsRecoveryObjectives(undefined, now);
  const breached: string[] = [];
  let checked = 0;
  for (const o of all) {
    if (o.rpo.targetMs === null) continue;
    checked++;
    if (!o.rpo.breached) continue;
    breached.push(o.jobId);
    await notifyEvent({ type: "rpo.breached", jobId: o.jobId, lastVerifiedAt: o.rpo.lastVerifiedBackupAt, targetMs: o.rpo.targetMs });
  }
  return { checked, breached };
};
