/**
 * Applies a job's retention policy to its committed backups (Backup rows: they exist only once the
 * manifest was written, so failed runs never count). Each (database, destination) series is planned on
 * its own with planRetention (the newest and locked backups are never deleted). For each backup the
 * policy lets go: the MANIFEST first (so a half-deleted backup is never listed as a backup), then the
 * data object, then the Backup row. A destination error leaves the row in place and is reported in
 * `errors`; one failure never stops the others and never throws.
 */
import type { DestinationAdapter, DestinationEntry } from "@/adapters/types";
import { manifestKeyFor } from "@/lib/backup/keys";
import { log as appLog } from "@/lib/logger";
import { planRetention } from "@/lib/retention/plan-retention";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { SYSTEM_ACTOR } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { entryFor } from "../adapters/adapter-kinds";
import { openConfig, parseStored } from "../adapters/config-codec";
import { withAdapterContext } from "../adapters/with-adapter-context";
import { parseRetention } from "../jobs/jobs.schema";
import { appendRunLog } from "../runs/append-run-log";
import { getSetting } from "../settings/get-settings";

export type ApplyRetentionOptions = {
  jobId: string;
  /** The run that triggered the sweep: each deletion (and failure) goes to its log */
  executionId?: string | null;
  now?: Date;
};

export type ApplyRetentionResult = { deleted: number; kept: number; errors: string[] };

type RetainedRow = { id: string; key: string; manifestKey: string; databaseName: string; destinationId: string; createdAt: Date; locked: boolean };

type OpenedDestination = { name: string; adapter: DestinationAdapter<unknown>; config: unknown };

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The destination's adapter and plain config (secrets opened in memory only). */
const openDestination = async (destinationId: string): Promise<OpenedDestination> => {
  const row = await db.adapterConfig.findUnique({ where: { id: destinationId } });
  if (!row) throw new Error("the destination no longer exists");
  if (row.kind !== "destination") throw new Error(`${row.name} is not a destination`);
  const entry = entryFor("destination", row.adapterId) as DestinationEntry;
  let plain: Record<string, unknown>;
  try {
    plain = openConfig(row.id, entry.configSchema, parseStored(row.config));
  } catch (e) {
    throw new Error(`could not open the settings of destination ${row.name}: ${message(e)}`, { cause: e });
  }
  const parsed = entry.configSchema.safeParse(plain);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    // The field name only: values may be secret.
    throw new Error(`the settings of destination ${row.name} are invalid (${first?.path.join(".") || "config"})`);
  }
  return { name: row.name, adapter: (await entry.load()) as DestinationAdapter<unknown>, config: parsed.data };
};

export const applyRetention = async ({ jobId, executionId = null, now = new Date() }: ApplyRetentionOptions): Promise<ApplyRetentionResult> => {
  const job = await db.job.findUnique({ where: { id: jobId }, select: { id: true, name: true, retention: true } });
  if (!job) throw new AppError("NOT_FOUND", "That job does not exist.");
  const policy = parseRetention(job.retention);
  const timeZone = await getSetting("system.timezone");
  const runLog = async (level: "info" | "warn", text: string) => {
    if (executionId) await appendRunLog(executionId, level, text);
  };

  const rows: RetainedRow[] = await db.backup.findMany({
    where: { jobId },
    select: { id: true, key: true, manifestKey: true, databaseName: true, destinationId: true, createdAt: true, locked: true },
  });
  const groups = new Map<string, RetainedRow[]>();
  for (const r of rows) {
    const k = JSON.stringify([r.databaseName, r.destinationId]);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }

  let deleted = 0;
  let kept = 0;
  const errors: string[] = [];
  const fail = async (text: string) => {
    errors.push(text);
    await runLog("warn", `retention: ${text}`);
  };

  // Backups to delete, per destination, so each destination is opened once.
  const doomed = new Map<string, Array<{ row: RetainedRow; reason: string }>>();
  for (const series of groups.values()) {
    const first = series[0] as RetainedRow;
    let decisions;
    try {
      decisions = planRetention(series, policy, { now, timeZone });
    } catch (e) {
      kept += series.length;
      await fail(`could not plan database ${first.databaseName}: ${message(e)}`);
      continue;
    }
    const byId = new Map(series.map((r) => [r.id, r]));
    for (const d of decisions) {
      if (d.keep) {
        kept++;
        continue;
      }
      const list = doomed.get(first.destinationId) ?? [];
      list.push({ row: byId.get(d.id) as RetainedRow, reason: d.reasons.join(", ") });
      doomed.set(first.destinationId, list);
    }
  }

  for (const [destinationId, items] of doomed) {
    let dest: OpenedDestination;
    try {
      dest = await openDestination(destinationId);
    } catch (e) {
      kept += items.length;
      await fail(`could not open destination ${destinationId} to delete ${items.length} backup(s): ${message(e)}`);
      continue;
    }
    await withAdapterContext(async (ctx) => {
      for (const { row, reason } of items) {
        try {
          // Manifest first: once it is gone the backup is no longer listed, even if the data delete fails.
          await dest.adapter.delete(dest.config, row.manifestKey || manifestKeyFor(row.key), ctx);
          await dest.adapter.delete(dest.config, row.key, ctx);
        } catch (e) {
          kept++;
          await fail(`could not delete ${row.key} from ${dest.name}: ${message(e)}`);
          continue;
        }
        try {
          await db.backup.deleteMany({ where: { id: row.id } });
        } catch (e) {
          kept++;
          await fail(`deleted ${row.key} from ${dest.name} but could not remove its record: ${message(e)}`);
          continue;
        }
        deleted++;
        await runLog("info", `retention: deleted ${row.key} from ${dest.name} (${reason})`);
      }
    });
  }

  if (deleted > 0 || errors.length > 0) appLog.info("retention applied", { jobId, executionId, deleted, kept, errors: errors.length });
  await recordAudit({
    actor: SYSTEM_ACTOR,
    action: "retention.apply",
    resourceType: "job",
    resourceId: jobId,
    outcome: errors.length > 0 ? "failure" : "success",
    details: { executionId, policy, deleted, kept, errors: errors.length, firstError: errors[0] ?? null },
  });
  return { deleted, kept, errors };
};
