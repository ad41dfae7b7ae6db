/** The background system tasks: what they do, how often, and a one-line outcome per run. */
import { runHealthChecks } from "@/server/services/adapters/run-health-checks";
import { db } from "@/server/db";
import { collectOrphans } from "@/server/services/maintenance/collect-orphans";
import { pruneLogs } from "@/server/services/maintenance/prune-logs";
import { applyRetention } from "@/server/services/retention/apply-retention";
import { getSetting } from "@/server/services/settings/get-settings";
import { checkMissingBackups } from "@/server/services/notifications/check-missing-backups";
import { summarizeVerifyDue, verifyDueBackups } from "@/server/services/storage/verify-due-backups";
import { runConfigBackup } from "@/server/services/config-transfer/run-config-backup";
import { startDueDrills } from "@/server/services/drills/start-due-drills";
import { checkRpoBreaches } from "@/server/services/objectives/check-rpo-breaches";
import { sweepLeftoverScratch } from "@/server/services/drills/scratch-journal";

export const SYSTEM_TASK_IDS = [
  "health-checks",
  "retention-sweep",
  "orphan-gc",
  "log-prune",
  "verify-backups",
  "missing-backups",
  "config-backup",
  "scheduled-drills",
  "recovery-objectives",
  "drill-scratch-cleanup",
] as const;
export type SystemTaskId = (typeof SYSTEM_TASK_IDS)[number];

export type SystemTaskOutcome = { ok: boolean; summary: string };

export type SystemTask = {
  id: SystemTaskId;
  label: string;
  description: string;
  intervalMs: () => Promise<number>;
  run: () => Promise<SystemTaskOutcome>;
};

const HOUR = 3_600_000;
const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
/** A task's outcome: failed when anything went wrong, saying how many things and the first one. */
const withErrors = (base: string, errors: string[]): SystemTaskOutcome =>
  errors.length ? { ok: false, summary: `${base}; ${plural(errors.length, "error")}: ${errors[0]}` } : { ok: true, summary: base };

export const SYSTEM_TASKS: readonly SystemTask[] = [
  {
    id: "health-checks",
    label: "Health checks",
    description: "Tests the connection to every source and destination and records its status.",
    intervalMs: async () => (await getSetting("health.intervalSeconds")) * 1000,
    run: async () => {
      const out = await runHealthChecks();
      const failed = out.filter((o) => !o.result.ok).length;
      return { ok: true, summary: `${plural(out.length, "adapter")} checked${failed ? `, ${failed} failing` : ""}` };
    },
  },
  {
    id: "retention-sweep",
    label: "Retention sweep",
    description: "Applies every job's retention policy (it also runs after each backup; the sweep catches policies that changed).",
    intervalMs: async () => 6 * HOUR,
    run: async () => {
      const jobs = await db.job.findMany({ select: { id: true, name: true } });
      let deleted = 0;
      const errors: string[] = [];
      for (const job of jobs) {
        try {
          const r = await applyRetention({ jobId: job.id });
          deleted += r.deleted;
          errors.push(...r.errors.map((e) => `${job.name}: ${e}`));
        } catch (e) {
          errors.push(`${job.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      const base = `${plural(jobs.length, "job")} swept, ${plural(deleted, "backup")} deleted`;
      return withErrors(base, errors);
    },
  },
  {
    id: "orphan-gc",
    label: "Orphan cleanup",
    description: "Deletes uncommitted backup files (no manifest, no backup record) older than 24 hours from every destination.",
    intervalMs: async () => 24 * HOUR,
    run: async () => {
      const r = await collectOrphans();
      const base = `${plural(r.scanned, "object")} scanned on ${plural(r.destinations, "destination")}, ${plural(r.deleted, "orphan")} deleted`;
      return withErrors(base, r.errors);
    },
  },
  {
    id: "log-prune",
    label: "Log pruning",
    description: "Deletes run logs, health-check history and audit entries older than their retention settings.",
    intervalMs: async () => 24 * HOUR,
    run: async () => {
      const r = await pruneLogs();
      return { ok: true, summary: `Deleted ${plural(r.executionLogs, "run log line")}, ${plural(r.healthChecks, "health check")}, ${plural(r.auditLogs, "audit entry", "audit entries")}` };
    },
  },
  {
    id: "verify-backups",
    label: "Backup verification",
    description: "Reads back backups never verified or verified too long ago (setting verify.maxAgeDays), oldest first, at most 50 or 30 minutes per run: sha256, size, decryption and decompression.",
    intervalMs: async () => 24 * HOUR,
    run: async () => {
      const r = await verifyDueBackups();
      return { ok: r.failed === 0, summary: summarizeVerifyDue(r) };
    },
  },
  {
    id: "missing-backups",
    label: "Missing backups",
    description: "The dead man's switch: notifies when a scheduled job has had no successful backup within notifications.missingBackupHours of its slot (once per slot).",
    intervalMs: async () => HOUR,
    run: async () => {
      const r = await checkMissingBackups();
      const base = `${plural(r.checked, "scheduled job")} checked, ${plural(r.missing.length, "missing backup")}`;
      return { ok: r.missing.length === 0, summary: r.missing.length ? `${base}: ${r.missing.map((m) => m.jobName).join(", ")}` : base };
    },
  },
  {
    id: "config-backup",
    label: "Configuration self-backup",
    description: "Writes the encrypted configuration export (with secrets) to the destination chosen on the Configuration page, under _bunker-config/, keeping the newest configBackup.keep files.",
    intervalMs: async () => (await getSetting("configBackup.intervalHours")) * HOUR,
    run: async () => {
      const r = await runConfigBackup();
      return { ok: r.ok, summary: r.summary };
    },
  },
  {
    id: "scheduled-drills",
    label: "Scheduled restore drills",
    description: "Queues the restore drills of jobs whose drill has its own cron, when a slot came in the last 10 minutes (drills after every backup start with the backup).",
    intervalMs: async () => 60_000,
    run: async () => {
      const r = await startDueDrills();
      return { ok: true, summary: `${plural(r.checked, "job")} with a drill cron, ${plural(r.started, "drill")} queued` };
    },
  },
  {
    id: "recovery-objectives",
    label: "Recovery objectives",
    description: "Notifies rpo.breached (once per breach) when a scheduled job's newest verified backup is older than its RPO: the schedule's longest interval plus the job's tolerance.",
    intervalMs: async () => HOUR,
    run: async () => {
      const r = await checkRpoBreaches();
      return { ok: r.breached.length === 0, summary: `${plural(r.checked, "scheduled job")} checked, ${plural(r.breached.length, "RPO breach", "RPO breaches")}` };
    },
  },
  {
    id: "drill-scratch-cleanup",
    label: "Drill scratch cleanup",
    description: "Drops the bunker_drill_… scratch databases that drills recorded but could not drop (the scratch target was down, or Bunker stopped mid-drill). Also runs at boot.",
    intervalMs: async () => HOUR,
    run: async () => {
      const r = await sweepLeftoverScratch();
      const base = `${plural(r.found, "leftover scratch database")}, ${plural(r.dropped, "dropped", "dropped")}`;
      return withErrors(base, r.errors);
    },
  },
];

export const isSystemTaskId = (id: string): id is SystemTaskId => (SYSTEM_TASK_IDS as readonly string[]).includes(id);

export const systemTask = (id: SystemTaskId): SystemTask => {
  const t = SYSTEM_TASKS.find((x) => x.id === id);
  if (!t) throw new Error(`unknown system task ${id}`);
  return t;
};
