/**
 * Turns an event into the message every channel renders: the facts a person needs (job, databases,
 * size, duration, destinations, the error) and a link. Only names and numbers are read: never a
 * config, so a message cannot carry a secret.
 */
import type { NotificationMessage, Severity } from "@/adapters/notifiers/types";
import { formatBytes } from "@/lib/backup/format-bytes";
import type { DatabaseResult } from "@/lib/backup/run-status";
import { formatDuration } from "@/lib/format";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { getSetting } from "../settings/get-settings";
import type { NotifyEvent } from "./events";

export type BuiltMessage = { message: NotificationMessage; jobId: string | null; executionId: string | null; dedupeKey: string | null };

/** What one event says; buildMessage wraps it with the instance, the time, the event type and the link's origin. */
type Draft = Pick<BuiltMessage, "jobId" | "executionId"> &
  Pick<NotificationMessage, "severity" | "title" | "summary" | "fields"> & {
    dedupeKey?: string;
    /** Left out of the message when empty */
    error?: string | null;
    /** The page the message links to, if any */
    path?: string | null;
  };

type EventOf<T extends NotifyEvent["type"]> = Extract<NotifyEvent, { type: T }>;

const link = (path: string): string => `${env().authUrl}${path}`;

const durationOf = (start: Date | null, end: Date | null): string | null => {
  if (!start || !end) return null;
  const s = (end.getTime() - start.getTime()) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : formatDuration(Math.round(s));
};

const runDuration = (exec: { startedAt: Date | null; queuedAt: Date | null; endedAt: Date | null } | null): string | null =>
  durationOf(exec?.startedAt ?? exec?.queuedAt ?? null, exec?.endedAt ?? null);

const bytesOf = (n: bigint | undefined): string | null => (n !== undefined && n > BigInt(0) ? formatBytes(Number(n)) : null);

/** Stored JSON, read defensively: what cannot be parsed is left out of the message. */
const readJson = (json: string | null | undefined): unknown => {
  try {
    return JSON.parse(json ?? "null") as unknown;
  } catch {
    return undefined;
  }
};

const listOf = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

type Field = { label: string; value: string };
const field = (label: string, value: string | null | undefined): Field[] => (value ? [{ label, value }] : []);

const DELETED_JOB = "a deleted job";

const STATUS_TEXT = { "backup.success": "succeeded", "backup.partial": "partly failed", "backup.failed": "failed" } as const;
const SEVERITY = { "backup.success": "success", "backup.partial": "warning", "backup.failed": "error" } as const satisfies Record<string, Severity>;

const backupDraft = async (e: EventOf<"backup.success" | "backup.partial" | "backup.failed">): Promise<Draft> => {
  const exec = await db.execution.findUnique({
    where: { id: e.executionId },
    select: { id: true, jobId: true, status: true, trigger: true, queuedAt: true, startedAt: true, endedAt: true, bytesStored: true, error: true, warning: true, metadata: true, job: { select: { name: true, source: { select: { name: true } }, destinations: { select: { destination: { select: { name: true } } }, orderBy: { position: "asc" } } } } },
  });
  const jobName = exec?.job?.name ?? DELETED_JOB;
  const dbs = listOf<DatabaseResult>((readJson(exec?.metadata) as { databases?: unknown } | null | undefined)?.databases);
  const destNames = new Map<string, string>();
  for (const d of dbs) for (const r of d.destinations) if (!destNames.has(r.name) || r.status !== "ok") destNames.set(r.name, r.status === "ok" ? r.name : `${r.name} (${r.status})`);
  const destinations = destNames.size ? [...destNames.values()] : (exec?.job?.destinations.map((d) => d.destination.name) ?? []);
  const duration = runDuration(exec);
  return {
    jobId: exec?.jobId ?? null,
    executionId: e.executionId,
    severity: SEVERITY[e.type],
    title: `Backup ${STATUS_TEXT[e.type]}: ${jobName}`,
    summary: `The ${exec?.trigger === "schedule" ? "scheduled " : ""}backup of ${jobName} ${STATUS_TEXT[e.type]}${duration ? ` after ${duration}` : ""}.`,
    fields: [
      ...field("Job", jobName),
      ...field("Source", exec?.job?.source.name),
      ...field("Database", dbs.map((d) => d.name).join(", ")),
      ...field("Size", bytesOf(exec?.bytesStored)),
      ...field("Duration", duration),
      ...field("Destinations", destinations.join(", ")),
      ...(e.type === "backup.partial" && exec?.warning && exec.error !== exec.warning ? field("Warning", exec.warning) : []),
    ],
    error: e.type === "backup.success" ? null : (exec?.error ?? exec?.warning),
    path: `/history/${e.executionId}`,
  };
};

const restoreDraft = async (e: EventOf<"restore.success" | "restore.failed">): Promise<Draft> => {
  const exec = await db.execution.findUnique({
    where: { id: e.executionId },
    select: { jobId: true, startedAt: true, queuedAt: true, endedAt: true, bytesRead: true, error: true, metadata: true, job: { select: { name: true } } },
  });
  // A restore's parameters are under `restore` (services/restore/restore-metadata.ts).
  const restore = (readJson(exec?.metadata) as { restore?: unknown } | null | undefined)?.restore;
  const meta = restore && typeof restore === "object" ? (restore as Record<string, unknown>) : {};
  const str = (k: string) => (typeof meta[k] === "string" ? (meta[k] as string) : null);
  const ok = e.type === "restore.success";
  const duration = runDuration(exec);
  const target = str("database");
  const jobName = exec?.job?.name ?? str("jobName");
  return {
    jobId: exec?.jobId ?? null,
    executionId: e.executionId,
    severity: ok ? "success" : "error",
    title: `Restore ${ok ? "succeeded" : "failed"}${target ? `: ${target}` : ""}`,
    summary: `A restore${jobName ? ` of a ${jobName} backup` : ""} ${ok ? "finished" : "failed"}${duration ? ` after ${duration}` : ""}.`,
    fields: [
      ...field("Job", jobName),
      ...field("Database", target),
      ...field("Target", str("targetSourceName")),
      ...field("Size", bytesOf(exec?.bytesRead)),
      ...field("Duration", duration),
    ],
    error: ok ? null : exec?.error,
    path: `/history/${e.executionId}`,
  };
};

const healthDraft = async (e: EventOf<"health.offline" | "health.online">): Promise<Draft> => {
  const row = await db.adapterConfig.findUnique({ where: { id: e.adapterId }, select: { id: true, name: true, kind: true, adapterId: true, lastError: true, consecutiveFailures: true } });
  const name = row?.name ?? "a deleted adapter";
  const kind = row?.kind ?? "adapter";
  const offline = e.type === "health.offline";
  return {
    jobId: null,
    executionId: null,
    severity: offline ? "error" : "success",
    title: `${kind === "source" ? "Source" : kind === "destination" ? "Destination" : "Adapter"} ${offline ? "offline" : "back online"}: ${name}`,
    summary: offline
      ? `${name} failed ${row?.consecutiveFailures ?? "several"} health checks in a row. Backups that use it will fail until it is reachable again.`
      : `${name} answers its health checks again.`,
    fields: [...field("Name", name), ...field("Type", row?.adapterId)],
    error: offline ? row?.lastError : null,
    path: row ? `/${kind === "source" ? "sources" : "destinations"}/${row.id}` : null,
  };
};

const missingDraft = async (e: EventOf<"backup.missing">): Promise<Draft> => {
  const job = await db.job.findUnique({ where: { id: e.jobId }, select: { name: true, schedule: true } });
  const name = job?.name ?? DELETED_JOB;
  return {
    jobId: e.jobId,
    executionId: null,
    dedupeKey: `missing:${e.jobId}:${e.expectedAt}`,
    severity: "error",
    title: `Backup missing: ${name}`,
    summary: `${name} has had no successful backup since its run due at ${e.expectedAt} (checked ${e.graceHours} h later).`,
    fields: [
      ...field("Job", name),
      ...field("Schedule", job?.schedule),
      ...field("Due at", e.expectedAt),
      ...field("Last success", e.lastSuccessAt ?? "never"),
    ],
    path: `/jobs/${e.jobId}`,
  };
};

const verifyDraft = async (e: EventOf<"verify.failed">): Promise<Draft> => {
  const b = await db.backup.findUnique({
    where: { id: e.backupId },
    select: { jobId: true, executionId: true, databaseName: true, key: true, sizeBytes: true, verifyError: true, createdAt: true, job: { select: { name: true } }, destination: { select: { name: true } } },
  });
  return {
    jobId: b?.jobId ?? null,
    executionId: b?.executionId ?? null,
    severity: "error",
    title: `Verification failed: ${b?.job?.name ?? b?.databaseName ?? "a backup"}`,
    summary: `A stored backup did not pass its check: it may not restore.`,
    fields: [
      ...field("Job", b?.job?.name),
      ...field("Database", b?.databaseName),
      ...field("Destination", b?.destination.name),
      ...field("Backup", b?.key),
      ...field("Size", b ? formatBytes(Number(b.sizeBytes)) : null),
      ...field("Taken", b?.createdAt.toISOString()),
    ],
    error: e.error ?? b?.verifyError,
    path: b?.executionId ? `/history/${b.executionId}` : null,
  };
};

const deviceDraft = async (e: EventOf<"auth.new-device">): Promise<Draft> => {
  const user = await db.user.findUnique({ where: { id: e.userId }, select: { email: true, name: true } });
  return {
    jobId: null,
    executionId: null,
    severity: "warning",
    title: `Sign-in from a new device: ${user?.email ?? "a user"}`,
    summary: `${user?.name ?? user?.email ?? "A user"} signed in from a device or address not seen before. If this was not them, disable the account.`,
    fields: [...field("User", user?.email), ...field("IP address", e.ip), ...field("Browser", e.userAgent?.slice(0, 200))],
    path: "/audit",
  };
};

const drillDraft = async (e: EventOf<"drill.passed" | "drill.failed">): Promise<Draft> => {
  const exec = await db.execution.findUnique({
    where: { id: e.executionId },
    select: { jobId: true, error: true, job: { select: { name: true } }, drillResult: { select: { rtoMs: true, tableCounts: true, checks: true } } },
  });
  const ok = e.type === "drill.passed";
  const name = exec?.job?.name ?? DELETED_JOB;
  const tables = listOf<Record<string, unknown>>(readJson(exec?.drillResult?.tableCounts));
  const checks = listOf<Record<string, unknown>>(readJson(exec?.drillResult?.checks));
  const rows = tables.reduce((n, t) => n + (typeof t.restored === "number" ? t.restored : 0), 0);
  const rto = exec?.drillResult?.rtoMs;
  return {
    jobId: exec?.jobId ?? null,
    executionId: e.executionId,
    severity: ok ? "success" : "error",
    title: `Restore drill ${ok ? "passed" : "failed"}: ${name}`,
    summary: ok ? `The latest backup of ${name} restored and passed its checks.` : `The latest backup of ${name} did not pass its restore drill: it may not be restorable.`,
    fields: [
      ...field("Job", name),
      ...field("Restored", tables.length ? `${rows.toLocaleString("en-US")} rows in ${tables.length} tables` : null),
      ...field("Restore time (RTO)", typeof rto === "number" ? `${(rto / 1000).toFixed(1)} s` : null),
      ...field("Checks", checks.length ? `${checks.filter((c) => c.passed === true).length}/${checks.length} passed` : null),
    ],
    error: ok ? null : exec?.error,
    path: `/history/${e.executionId}`,
  };
};

const driftDraft = async (e: EventOf<"drift">): Promise<Draft> => {
  const exec = await db.execution.findUnique({ where: { id: e.executionId }, select: { jobId: true, job: { select: { name: true } } } });
  const name = exec?.job?.name ?? DELETED_JOB;
  return {
    jobId: exec?.jobId ?? null,
    executionId: e.executionId,
    severity: "warning",
    title: `Backup drift: ${name}`,
    summary: `The new backup of ${name} is much smaller than the previous one: check the data was not lost upstream.`,
    fields: [...field("Job", name), ...e.findings.slice(0, 10).map((f, i, all) => ({ label: all.length > 1 ? `Change ${i + 1}` : "Change", value: f }))],
    path: `/history/${e.executionId}`,
  };
};

const rpoDraft = async (e: EventOf<"rpo.breached">): Promise<Draft> => {
  const job = await db.job.findUnique({ where: { id: e.jobId }, select: { name: true, schedule: true } });
  const name = job?.name ?? DELETED_JOB;
  const hours = (e.targetMs / 3_600_000).toFixed(1);
  return {
    jobId: e.jobId,
    executionId: null,
    dedupeKey: `rpo:${e.jobId}:${e.lastVerifiedAt ?? "never"}`,
    severity: "error",
    title: `Recovery point objective breached: ${name}`,
    summary: `${name} has no verified backup from the last ${hours} h (its RPO): a restore today would lose more than that.`,
    fields: [...field("Job", name), ...field("Schedule", job?.schedule), ...field("RPO", `${hours} h`), ...field("Last verified backup", e.lastVerifiedAt ?? "never")],
    path: `/jobs/${e.jobId}`,
  };
};

const DRAFTS: { [T in NotifyEvent["type"]]: (e: EventOf<T>) => Promise<Draft> } = {
  "backup.success": backupDraft,
  "backup.partial": backupDraft,
  "backup.failed": backupDraft,
  "restore.success": restoreDraft,
  "restore.failed": restoreDraft,
  "health.offline": healthDraft,
  "health.online": healthDraft,
  "backup.missing": missingDraft,
  "verify.failed": verifyDraft,
  "auth.new-device": deviceDraft,
  "drill.passed": drillDraft,
  "drill.failed": drillDraft,
  drift: driftDraft,
  "rpo.breached": rpoDraft,
};

export const buildMessage = async (event: NotifyEvent, now = new Date()): Promise<BuiltMessage> => {
  const base = { instance: await getSetting("instance.name"), occurredAt: now.toISOString() };
  // TypeScript cannot tie DRAFTS[event.type] to event's own member of the union; the mapped type above does.
  const d = await (DRAFTS[event.type] as (e: NotifyEvent) => Promise<Draft>)(event);
  return {
    jobId: d.jobId,
    executionId: d.executionId,
    dedupeKey: d.dedupeKey ?? null,
    message: {
      ...base,
      event: event.type,
      severity: d.severity,
      title: d.title,
      summary: d.summary,
      fields: d.fields,
      ...(d.error ? { error: d.error } : {}),
      ...(d.path ? { url: link(d.path) } : {}),
    },
  };
};

/** What *Send test* sends: a message with every part filled, so the format can be judged. */
export const testMessage = async (notifierName: string, now = new Date()): Promise<NotificationMessage> => {
  const instance = await getSetting("instance.name");
  return {
    event: "test",
    severity: "info",
    title: `Test notification from ${instance}`,
    summary: `${notifierName} is set up: this is what Bunker notifications look like here.`,
    fields: [
      { label: "Job", value: "Example job" },
      { label: "Database", value: "example_db" },
      { label: "Size", value: "12.3 MB" },
      { label: "Duration", value: "4.2 s" },
      { label: "Destinations", value: "local-backups" },
    ],
    url: link("/notifications"),
    instance,
    occurredAt: now.toISOString(),
  };
};
