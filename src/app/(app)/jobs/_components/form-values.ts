/**
 * The job form's state (strings for number inputs, so an empty field stays empty while typing) and its
 * conversion to the ZJobFields input. Client-safe: types only from the server side.
 */
import type { z } from "zod";
import type { JobAdapterRef } from "@/server/services/jobs/job-dto";
import type { JobEvent } from "@/server/services/notifications/events";
import type { Compression, ZJobFields } from "@/server/services/jobs/jobs.schema";
import type { DrillSettings } from "@/lib/drills/settings";

/** The drill section's state: strings for number inputs, like the rest of the form. */
export type DrillFormValues = {
  enabled: boolean;
  scheduleMode: "after-backup" | "cron" | "manual";
  cron: string;
  targetSourceId: string;
  timeBudgetMinutes: string;
  countTolerancePercent: string;
  sizeDropPercent: string;
  rowDropPercent: string;
  rpoTolerancePercent: string;
  checks: { name: string; sql: string; expectation: string; database: string }[];
};

export type RetentionMode = "count" | "days" | "gfs";

export type JobFormValues = {
  name: string;
  description: string;
  enabled: boolean;
  sourceId: string;
  databaseMode: "all" | "pick";
  databaseNames: string[];
  destinationIds: string[];
  compression: Compression;
  /** "" = the compression's default level */
  compressionLevel: string;
  /** "" = no encryption */
  encryptionProfileId: string;
  /** "" = manual only */
  schedule: string;
  retentionMode: RetentionMode;
  keep: string;
  days: string;
  daily: string;
  weekly: string;
  monthly: string;
  yearly: string;
  /** "" = the instance default */
  timeoutMinutes: string;
  /** The picked notifiers, each with the events it receives */
  notifiers: { notifierId: string; events: JobEvent[] }[];
  drill: DrillFormValues;
};

export type SetValues = (patch: Partial<JobFormValues>) => void;

/** Returns the first error for a field, or for anything under it ("databases" covers "databases.names.0"). */
export type FieldErrorOf = (...fields: string[]) => string | undefined;

/** Everything the form may pick from, as the server read it. */
export type JobFormChoices = {
  sources: JobAdapterRef[];
  destinations: JobAdapterRef[];
  notifiers: JobAdapterRef[];
  encryptionProfiles: { id: string; name: string }[];
  timeZone: string;
  defaultTimeoutMinutes: number;
};

/** An existing job as the edit form needs it. */
export type EditableJob = {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  enabled: boolean;
  sourceId: string;
  databases: { mode: "all" } | { mode: "pick"; names: string[] };
  destinationIds: string[];
  compression: Compression;
  compressionLevel: number | null;
  encryptionProfileId: string | null;
  schedule: string | null;
  retention: { mode: "count"; keep: number } | { mode: "days"; days: number } | { mode: "gfs"; daily: number; weekly: number; monthly: number; yearly: number };
  timeoutSeconds: number | null;
  notifiers: { notifierId: string; events: JobEvent[] }[];
  drill?: DrillSettings;
};

export const DEFAULT_LEVEL: Record<Compression, number | null> = { zstd: 3, gzip: 6, none: null };
export const MAX_LEVEL: Record<Compression, number> = { zstd: 19, gzip: 9, none: 0 };

export const SCHEDULE_PRESETS = [
  { label: "Hourly", cron: "0 * * * *" },
  { label: "Daily 02:00", cron: "0 2 * * *" },
  { label: "Weekly Sun 03:00", cron: "0 3 * * 0" },
  { label: "Monthly", cron: "0 3 1 * *" },
] as const;

const str = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));

export const initialValues = (choices: JobFormChoices, job?: EditableJob): JobFormValues => {
  const r = job?.retention;
  return {
    name: job?.name ?? "",
    description: job?.description ?? "",
    enabled: job?.enabled ?? true,
    sourceId: job?.sourceId ?? (choices.sources.length === 1 ? (choices.sources[0]?.id ?? "") : ""),
    databaseMode: job?.databases.mode ?? "all",
    databaseNames: job?.databases.mode === "pick" ? job.databases.names : [],
    destinationIds: job?.destinationIds ?? (choices.destinations.length === 1 ? [choices.destinations[0]?.id ?? ""] : []),
    compression: job?.compression ?? "zstd",
    compressionLevel: str(job?.compressionLevel),
    // New jobs are encrypted with the first profile when there is one: clear text is a choice, not a default.
    encryptionProfileId: job ? (job.encryptionProfileId ?? "") : (choices.encryptionProfiles[0]?.id ?? ""),
    schedule: job ? (job.schedule ?? "") : "0 2 * * *",
    retentionMode: r?.mode ?? "count",
    keep: str(r?.mode === "count" ? r.keep : 7),
    days: str(r?.mode === "days" ? r.days : 30),
    daily: str(r?.mode === "gfs" ? r.daily : 7),
    weekly: str(r?.mode === "gfs" ? r.weekly : 4),
    monthly: str(r?.mode === "gfs" ? r.monthly : 12),
    yearly: str(r?.mode === "gfs" ? r.yearly : 2),
    timeoutMinutes: job?.timeoutSeconds ? str(Math.round(job.timeoutSeconds / 60)) : "",
    notifiers: job?.notifiers ?? [],
    drill: drillValues(job?.drill),
  };
};

const drillValues = (d: DrillSettings | undefined): DrillFormValues => ({
  enabled: d?.enabled ?? false,
  scheduleMode: d?.schedule.mode ?? "after-backup",
  cron: d?.schedule.mode === "cron" ? d.schedule.cron : "0 4 * * 0",
  targetSourceId: d?.targetSourceId ?? "",
  timeBudgetMinutes: str(d?.timeBudgetMinutes ?? 60),
  countTolerancePercent: str(d?.countTolerancePercent ?? 0),
  sizeDropPercent: str(d?.drift.sizeDropPercent ?? 30),
  rowDropPercent: str(d?.drift.rowDropPercent ?? 50),
  rpoTolerancePercent: str(d?.rpoTolerancePercent ?? 25),
  checks: (d?.checks ?? []).map((c) => ({ name: c.name, sql: c.sql, expectation: c.expectation, database: c.database ?? "" })),
});

const drillInput = (d: DrillFormValues): z.input<typeof ZJobFields>["drill"] => ({
  enabled: d.enabled,
  schedule: d.scheduleMode === "cron" ? { mode: "cron", cron: d.cron } : { mode: d.scheduleMode },
  targetSourceId: d.targetSourceId || null,
  timeBudgetMinutes: req(d.timeBudgetMinutes),
  countTolerancePercent: req(d.countTolerancePercent),
  drift: { sizeDropPercent: req(d.sizeDropPercent), rowDropPercent: req(d.rowDropPercent) },
  rpoTolerancePercent: req(d.rpoTolerancePercent),
  checks: d.checks.map((c) => ({ name: c.name, sql: c.sql, expectation: c.expectation, database: c.database.trim() || null })),
});

/** "" → null; anything else as a number (the schema reports what is out of range). */
const num = (s: string): number | null => (s.trim() === "" ? null : Number(s));
const req = (s: string): number => Number(s.trim() === "" ? Number.NaN : s);

const retentionOf = (v: JobFormValues): z.input<typeof ZJobFields>["retention"] => {
  if (v.retentionMode === "days") return { mode: "days", days: req(v.days) };
  if (v.retentionMode === "gfs") return { mode: "gfs", daily: req(v.daily), weekly: req(v.weekly), monthly: req(v.monthly), yearly: req(v.yearly) };
  return { mode: "count", keep: req(v.keep) };
};

export const toJobInput = (v: JobFormValues): z.input<typeof ZJobFields> => {
  const timeout = num(v.timeoutMinutes);
  return {
    name: v.name,
    description: v.description,
    enabled: v.enabled,
    sourceId: v.sourceId,
    databases: v.databaseMode === "all" ? { mode: "all" } : { mode: "pick", names: v.databaseNames },
    destinationIds: v.destinationIds,
    compression: v.compression,
    compressionLevel: v.compression === "none" ? null : num(v.compressionLevel),
    encryptionProfileId: v.encryptionProfileId || null,
    schedule: v.schedule.trim() || null,
    retention: retentionOf(v),
    timeoutSeconds: timeout === null ? null : Math.round(timeout * 60),
    notifiers: v.notifiers,
    drill: drillInput(v.drill),
  };
};
