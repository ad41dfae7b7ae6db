/**
 * The job form's "what this policy keeps" preview: the plan applyRetention would make now for each
 * (database, destination) series of the job's committed backups, with the given policy (the form's
 * current one) or the saved one. Deletes nothing.
 */
import { previewRetention } from "@/lib/retention/preview";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { parseRetention, type Retention } from "../jobs/jobs.schema";
import { getSetting } from "../settings/get-settings";

export type RetentionPreviewDecision = { id: string; key: string; createdAt: string; locked: boolean; keep: boolean; reasons: string[] };

export type RetentionPreviewGroup = {
  databaseName: string;
  destinationId: string;
  destinationName: string;
  keep: number;
  delete: number;
  /** Newest first */
  decisions: RetentionPreviewDecision[];
};

export type JobRetentionPreview = { policy: Retention; timeZone: string; groups: RetentionPreviewGroup[] };

export const previewJobRetention = async ({ jobId, retention, now = new Date() }: { jobId: string; retention?: Retention | null; now?: Date }): Promise<JobRetentionPreview> => {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { retention: true } });
  if (!job) throw new AppError("NOT_FOUND", "That job does not exist.");
  const policy = retention ?? parseRetention(job.retention);
  const timeZone = await getSetting("system.timezone");
  const rows = await db.backup.findMany({
    where: { jobId },
    select: { id: true, key: true, databaseName: true, destinationId: true, createdAt: true, locked: true, destination: { select: { name: true } } },
  });
  const series = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = JSON.stringify([r.databaseName, r.destinationId]);
    const list = series.get(k);
    if (list) list.push(r);
    else series.set(k, [r]);
  }
  const groups: RetentionPreviewGroup[] = [];
  for (const list of series.values()) {
    const first = list[0] as (typeof rows)[number];
    let preview;
    try {
      preview = previewRetention(list, policy, { now, timeZone });
    } catch (e) {
      throw new AppError("VALIDATION", `Cannot preview this policy: ${e instanceof Error ? e.message : String(e)}`);
    }
    const byId = new Map(list.map((r) => [r.id, r]));
    groups.push({
      databaseName: first.databaseName,
      destinationId: first.destinationId,
      destinationName: first.destination.name,
      keep: preview.keep,
      delete: preview.delete,
      decisions: preview.decisions.map((d) => {
        const r = byId.get(d.id) as (typeof rows)[number];
        return { id: d.id, key: r.key, createdAt: r.createdAt.toISOString(), locked: r.locked, keep: d.keep, reasons: d.reasons };
      }),
    });
  }
  groups.sort((a, b) => a.databaseName.localeCompare(b.databaseName) || a.destinationName.localeCompare(b.destinationName));
  return { policy, timeZone, groups };
};
