import type { Prisma } from "@/generated/prisma/client";
import { notifierEntry } from "@/adapters/notifiers/registry";
import { destinationEntry, sourceEntry } from "@/adapters/registry";
import { type DrillSettings, parseDrillSettings } from "@/lib/drills/settings";
import { type JobEvent, parseJobEvents } from "../notifications/events";
import { type Compression, COMPRESSIONS, type DatabaseSelection, parseDatabases, parseRetention, type Retention } from "./jobs.schema";

/** A source or destination as a job shows it: enough for a list row, never its config. */
export type JobAdapterRef = { id: string; name: string; adapterId: string; typeLabel: string; healthStatus: string };

/** A notifier of the job and the events it receives for it. */
export type JobNotifierRef = { id: string; name: string; adapterId: string; typeLabel: string; events: JobEvent[] };

export type JobDto = {
  id: string;
  name: string;
  slug: string;
  description: string | null;
  source: JobAdapterRef;
  databases: DatabaseSelection;
  /** In the job's order (position) */
  destinations: JobAdapterRef[];
  compression: Compression;
  compressionLevel: number | null;
  encryptionProfile: { id: string; name: string } | null;
  /** Cron expression in the system time zone; null = manual only */
  schedule: string | null;
  enabled: boolean;
  retention: Retention;
  timeoutSeconds: number | null;
  notifiers: JobNotifierRef[];
  /** Restore drills, drift thresholds and the RPO tolerance (defaults, drills off, when never set) */
  drill: DrillSettings;
  createdAt: string;
  updatedAt: string;
};

export const ADAPTER_REF_SELECT = { id: true, name: true, kind: true, adapterId: true, healthStatus: true } satisfies Prisma.AdapterConfigSelect;

export const JOB_INCLUDE = {
  source: { select: ADAPTER_REF_SELECT },
  destinations: { orderBy: { position: "asc" }, select: { position: true, destination: { select: ADAPTER_REF_SELECT } } },
  encryptionProfile: { select: { id: true, name: true } },
  notifiers: { select: { notifierId: true, events: true, notifier: { select: ADAPTER_REF_SELECT } }, orderBy: { notifier: { name: "asc" } } },
} satisfies Prisma.JobInclude;

export type JobRow = Prisma.JobGetPayload<{ include: typeof JOB_INCLUDE }>;

type AdapterRow = Prisma.AdapterConfigGetPayload<{ select: typeof ADAPTER_REF_SELECT }>;

/** The type label from the registry; an adapter type that is gone shows its raw id rather than failing. */
export const toAdapterRef = (row: AdapterRow): JobAdapterRef => {
  const entry = row.kind === "source" ? sourceEntry(row.adapterId) : row.kind === "notifier" ? notifierEntry(row.adapterId) : destinationEntry(row.adapterId);
  return { id: row.id, name: row.name, adapterId: row.adapterId, typeLabel: entry?.label ?? row.adapterId, healthStatus: row.healthStatus };
};

const asCompression = (s: string): Compression => ((COMPRESSIONS as readonly string[]).includes(s) ? (s as Compression) : "zstd");

export const toJobDto = (row: JobRow): JobDto => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  description: row.description,
  source: toAdapterRef(row.source),
  databases: parseDatabases(row.databases),
  destinations: row.destinations.map((d) => toAdapterRef(d.destination)),
  compression: asCompression(row.compression),
  compressionLevel: row.compressionLevel,
  encryptionProfile: row.encryptionProfile ? { id: row.encryptionProfile.id, name: row.encryptionProfile.name } : null,
  schedule: row.schedule,
  enabled: row.enabled,
  retention: parseRetention(row.retention),
  timeoutSeconds: row.timeoutSeconds,
  notifiers: row.notifiers.map((n) => ({ ...toAdapterRef(n.notifier), events: parseJobEvents(n.events) })).map(({ healthStatus: _h, ...n }) => n),
  drill: parseDrillSettings(row.drill),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** What the audit log keeps of a job: names rather than ids, so it reads well after renames and deletes. */
export const auditableJob = (j: JobDto) => ({
  name: j.name,
  slug: j.slug,
  description: j.description,
  source: j.source.name,
  databases: j.databases.mode === "all" ? "all" : j.databases.names,
  destinations: j.destinations.map((d) => d.name),
  compression: j.compression,
  compressionLevel: j.compressionLevel,
  encryptionProfile: j.encryptionProfile?.name ?? null,
  schedule: j.schedule,
  enabled: j.enabled,
  retention: j.retention,
  timeoutSeconds: j.timeoutSeconds,
  notifiers: j.notifiers.map((n) => ({ name: n.name, events: n.events })),
  drill: j.drill,
});

// ─── Runs, for the list ──────────────────────────────────────────────────────

export const RUN_REF_SELECT = { id: true, status: true, trigger: true, queuedAt: true, startedAt: true, endedAt: true, error: true } satisfies Prisma.ExecutionSelect;

export type JobRunRef = { id: string; status: string; trigger: string; queuedAt: string; startedAt: string | null; endedAt: string | null; error: string | null };

export const toRunRef = (r: Prisma.ExecutionGetPayload<{ select: typeof RUN_REF_SELECT }>): JobRunRef => ({
  id: r.id,
  status: r.status,
  trigger: r.trigger,
  queuedAt: r.queuedAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  endedAt: r.endedAt?.toISOString() ?? null,
  error: r.error,
});

/** Statuses of a run that is not over: the job cannot be deleted meanwhile. */
export const ACTIVE_RUN_STATUSES = ["Pending", "Running"] as const;

export type JobListItem = JobDto & {
  /** The schedule in words ("At 02:00 AM"), "Manual only", or the reason it is invalid */
  scheduleText: string;
  scheduleError: string | null;
  /** Next fire in the system time zone; null when manual, disabled or invalid */
  nextRunAt: string | null;
  /** The latest backup run (a skipped fire does not count) */
  lastRun: JobRunRef | null;
};
