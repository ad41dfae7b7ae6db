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

const link = (path: string): string => `${env().authUrl}${path}`;

const durationOf = (start: Date | null, end: Date | null): string | null => {
  if (!start || !end) return null;
  const s = (end.getTime() - start.getTime()) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : formatDuration(Math.round(s));
};

const databasesOf = (metadata: string | null): DatabaseResult[] => {
  try {
    const v = JSON.parse(metadata ?? "{}") as { databases?: DatabaseResult[] };
    return Array.isArray(v.databases) ? v.databases : [];
  } catch {
    return [];
  }
};

type Field = { label: string; value: string };
const field = (label: string, value: string | null | undefined): Field[] => (value ? [{ label, value }] : []);

const STATUS_TEXT = { "backup.success": "succeeded", "backup.partial": "partly failed", "backup.failed": "failed" } as const;
const SEVERITY = { "backup.success": "success", "backup.partial": "warning", "backup.failed": "error" } as const satisfies Record<string, Severity>;

const backupMessage = async (e: Extract<NotifyEvent, { type: "backup.success" | "backup.partial" | "backup.failed" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const exec = await db.execution.findUnique({
    where: { id: e.executionId },
    select: { id: true, jobId: true, status: true, trigger: true, queuedAt: true, startedAt: true, endedAt: true, bytesStored: true, error: true, warning: true, metadata: true, job: { select: { name: true, source: { select: { name: true } }, destinations: { select: { destination: { select: { name: true } } }, orderBy: { position: "asc" } } } } },
  });
  const jobName = exec?.job?.name ?? "a deleted job";
  const dbs = databasesOf(exec?.metadata ?? null);
  const destNames = new Map<string, string>();
  for (const d of dbs) for (const r of d.destinations) if (!destNames.has(r.name) || r.status !== "ok") destNames.set(r.name, r.status === "ok" ? r.name : `${r.name} (${r.status})`);
  const destinations = destNames.size ? [...destNames.values()] : (exec?.job?.destinations.map((d) => d.destination.name) ?? []);
  const duration = durationOf(exec?.startedAt ?? exec?.queuedAt ?? null, exec?.endedAt ?? null);
  const size = exec && exec.bytesStored > BigInt(0) ? formatBytes(Number(exec.bytesStored)) : null;
  const error = e.type === "backup.success" ? undefined : (exec?.error ?? exec?.warning ?? undefined);
  return {
    jobId: exec?.jobId ?? null,
    executionId: e.executionId,
    dedupeKey: null,
    message: {
      ...base,
      event: e.type,
      severity: SEVERITY[e.type],
      title: `Backup ${STATUS_TEXT[e.type]}: ${jobName}`,
      summary: `The ${exec?.trigger === "schedule" ? "scheduled " : ""}backup of ${jobName} ${STATUS_TEXT[e.type]}${duration ? ` after ${duration}` : ""}.`,
      fields: [
        ...field("Job", jobName),
        ...field("Source", exec?.job?.source.name),
        ...field("Database", dbs.map((d) => d.name).join(", ")),
        ...field("Size", size),
        ...field("Duration", duration),
        ...field("Destinations", destinations.join(", ")),
        ...(e.type === "backup.partial" && exec?.warning && exec.error !== exec.warning ? field("Warning", exec.warning) : []),
      ],
      ...(error ? { error } : {}),
      url: link(`/history/${e.executionId}`),
    },
  };
};

const restoreMessage = async (e: Extract<NotifyEvent, { type: "restore.success" | "restore.failed" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const exec = await db.execution.findUnique({
    where: { id: e.executionId },
    select: { jobId: true, startedAt: true, queuedAt: true, endedAt: true, bytesRead: true, error: true, metadata: true, job: { select: { name: true } } },
  });
  // A restore's parameters are under `restore` (services/restore/restore-metadata.ts).
  let meta: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(exec?.metadata ?? "{}") as { restore?: unknown };
    if (parsed.restore && typeof parsed.restore === "object") meta = parsed.restore as Record<string, unknown>;
  } catch {
    // facts we cannot read are left out
  }
  const str = (k: string) => (typeof meta[k] === "string" ? (meta[k] as string) : null);
  const ok = e.type === "restore.success";
  const duration = durationOf(exec?.startedAt ?? exec?.queuedAt ?? null, exec?.endedAt ?? null);
  const target = str("database");
  const jobName = exec?.job?.name ?? str("jobName");
  return {
    jobId: exec?.jobId ?? null,
    executionId: e.executionId,
    dedupeKey: null,
    message: {
      ...base,
      event: e.type,
      severity: ok ? "success" : "error",
      title: `Restore ${ok ? "succeeded" : "failed"}${target ? `: ${target}` : ""}`,
      summary: `A restore${jobName ? ` of a ${jobName} backup` : ""} ${ok ? "finished" : "failed"}${duration ? ` after ${duration}` : ""}.`,
      fields: [
        ...field("Job", jobName),
        ...field("Database", target),
        ...field("Target", str("targetSourceName")),
        ...field("Size", exec && exec.bytesRead > BigInt(0) ? formatBytes(Number(exec.bytesRead)) : null),
        ...field("Duration", duration),
      ],
      ...(!ok && exec?.error ? { error: exec.error } : {}),
      url: link(`/history/${e.executionId}`),
    },
  };
};

const healthMessage = async (e: Extract<NotifyEvent, { type: "health.offline" | "health.online" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const row = await db.adapterConfig.findUnique({ where: { id: e.adapterId }, select: { id: true, name: true, kind: true, adapterId: true, lastError: true, consecutiveFailures: true } });
  const name = row?.name ?? "a deleted adapter";
  const kind = row?.kind ?? "adapter";
  const offline = e.type === "health.offline";
  return {
    jobId: null,
    executionId: null,
    dedupeKey: null,
    message: {
      ...base,
      event: e.type,
      severity: offline ? "error" : "success",
      title: `${kind === "source" ? "Source" : kind === "destination" ? "Destination" : "Adapter"} ${offline ? "offline" : "back online"}: ${name}`,
      summary: offline
        ? `${name} failed ${row?.consecutiveFailures ?? "several"} health checks in a row. Backups that use it will fail until it is reachable again.`
        : `${name} answers its health checks again.`,
      fields: [...field("Name", name), ...field("Type", row?.adapterId)],
      ...(offline && row?.lastError ? { error: row.lastError } : {}),
      ...(row ? { url: link(`/${kind === "source" ? "sources" : "destinations"}/${row.id}`) } : {}),
    },
  };
};

const missingMessage = async (e: Extract<NotifyEvent, { type: "backup.missing" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const job = await db.job.findUnique({ where: { id: e.jobId }, select: { name: true, schedule: true } });
  const name = job?.name ?? "a deleted job";
  return {
    jobId: e.jobId,
    executionId: null,
    dedupeKey: `missing:${e.jobId}:${e.expectedAt}`,
    message: {
      ...base,
      event: e.type,
      severity: "error",
      title: `Backup missing: ${name}`,
      summary: `${name} has had no successful backup since its run due at ${e.expectedAt} (checked ${e.graceHours} h later).`,
      fields: [
        ...field("Job", name),
        ...field("Schedule", job?.schedule),
        ...field("Due at", e.expectedAt),
        ...field("Last success", e.lastSuccessAt ?? "never"),
      ],
      url: link(`/jobs/${e.jobId}`),
    },
  };
};

const verifyMessage = async (e: Extract<NotifyEvent, { type: "verify.failed" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const b = await db.backup.findUnique({
    where: { id: e.backupId },
    select: { jobId: true, executionId: true, databaseName: true, key: true, sizeBytes: true, verifyError: true, createdAt: true, job: { select: { name: true } }, destination: { select: { name: true } } },
  });
  return {
    jobId: b?.jobId ?? null,
    executionId: b?.executionId ?? null,
    dedupeKey: null,
    message: {
      ...base,
      event: e.type,
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
      ...((e.error ?? b?.verifyError) ? { error: e.error ?? b?.verifyError ?? undefined } : {}),
      ...(b?.executionId ? { url: link(`/history/${b.executionId}`) } : {}),
    },
  };
};

const deviceMessage = async (e: Extract<NotifyEvent, { type: "auth.new-device" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const user = await db.user.findUnique({ where: { id: e.userId }, select: { email: true, name: true } });
  return {
    jobId: null,
    executionId: null,
    dedupeKey: null,
    message: {
      ...base,
      event: e.type,
      severity: "warning",
      title: `Sign-in from a new device: ${user?.email ?? "a user"}`,
      summary: `${user?.name ?? user?.email ?? "A user"} signed in from a device or address not seen before. If this was not them, disable the account.`,
      fields: [...field("User", user?.email), ...field("IP address", e.ip), ...field("Browser", e.userAgent?.slice(0, 200))],
      url: link("/audit"),
    },
  };
};

const drillMessage = async (e: Extract<NotifyEvent, { type: "drill.passed" | "drill.failed" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const exec = await db.execution.findUnique({
    where: { id: e.executionId },
    select: { jobId: true, error: true, job: { select: { name: true } }, drillResult: { select: { rtoMs: true, tableCounts: true, checks: true } } },
  });
  const ok = e.type === "drill.passed";
  const name = exec?.job?.name ?? "a deleted job";
  const list = (json: string | undefined): Array<Record<string, unknown>> => {
    try {
      const v: unknown = JSON.parse(json ?? "[]");
      return Array.isArray(v) ? (v as Array<Record<string, unknown>>) : [];
    } catch {
      return [];
    }
  };
  const tables = list(exec?.drillResult?.tableCounts);
  const checks = list(exec?.drillResult?.checks);
  const rows = tables.reduce((n, t) => n + (typeof t.restored === "number" ? t.restored : 0), 0);
  const rto = exec?.drillResult?.rtoMs;
  return {
    jobId: exec?.jobId ?? null,
    executionId: e.executionId,
    dedupeKey: null,
    message: {
      ...base,
      event: e.type,
      severity: ok ? "success" : "error",
      title: `Restore drill ${ok ? "passed" : "failed"}: ${name}`,
      summary: ok ? `The latest backup of ${name} restored and passed its checks.` : `The latest backup of ${name} did not pass its restore drill: it may not be restorable.`,
      fields: [
        ...field("Job", name),
        ...field("Restored", tables.length ? `${rows.toLocaleString("en-US")} rows in ${tables.length} tables` : null),
        ...field("Restore time (RTO)", typeof rto === "number" ? `${(rto / 1000).toFixed(1)} s` : null),
        ...field("Checks", checks.length ? `${checks.filter((c) => c.passed === true).length}/${checks.length} passed` : null),
      ],
      ...(!ok && exec?.error ? { error: exec.error } : {}),
      url: link(`/history/${e.executionId}`),
    },
  };
};

const driftMessage = async (e: Extract<NotifyEvent, { type: "drift" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const exec = await db.execution.findUnique({ where: { id: e.executionId }, select: { jobId: true, job: { select: { name: true } } } });
  const name = exec?.job?.name ?? "a deleted job";
  return {
    jobId: exec?.jobId ?? null,
    executionId: e.executionId,
    dedupeKey: null,
    message: {
      ...base,
      event: e.type,
      severity: "warning",
      title: `Backup drift: ${name}`,
      summary: `The new backup of ${name} is much smaller than the previous one: check the data was not lost upstream.`,
      fields: [...field("Job", name), ...e.findings.slice(0, 10).map((f, i, all) => ({ label: all.length > 1 ? `Change ${i + 1}` : "Change", value: f }))],
      url: link(`/history/${e.executionId}`),
    },
  };
};

const rpoMessage = async (e: Extract<NotifyEvent, { type: "rpo.breached" }>, base: Pick<NotificationMessage, "instance" | "occurredAt">): Promise<BuiltMessage> => {
  const job = await db.job.findUnique({ where: { id: e.jobId }, select: { name: true, schedule: true } });
  const name = job?.name ?? "a deleted job";
  const hours = (e.targetMs / 3_600_000).toFixed(1);
  return {
    jobId: e.jobId,
    executionId: null,
    dedupeKey: `rpo:${e.jobId}:${e.lastVerifiedAt ?? "never"}`,
    message: {
      ...base,
      event: e.type,
      severity: "error",
      title: `Recovery point objective breached: ${name}`,
      summary: `${name} has no verified backup from the last ${hours} h (its RPO): a restore today would lose more than that.`,
      fields: [...field("Job", name), ...field("Schedule", job?.schedule), ...field("RPO", `${hours} h`), ...field("Last verified backup", e.lastVerifiedAt ?? "never")],
      url: link(`/jobs/${e.jobId}`),
    },
  };
};

export const buildMessage = async (event: NotifyEvent, now = new Date()): Promise<BuiltMessage> => {
  const base = { instance: await getSetting("instance.name"), occurredAt: now.toISOString() };
  switch (event.type) {
    case "backup.success":
    case "backup.partial":
    case "backup.failed":
      return backupMessage(event, base);
    case "restore.success":
    case "restore.failed":
      return restoreMessage(event, base);
    case "health.offline":
    case "health.online":
      return healthMessage(event, base);
    case "backup.missing":
      return missingMessage(event, base);
    case "verify.failed":
      return verifyMessage(event, base);
    case "auth.new-device":
      return deviceMessage(event, base);
    case "drill.passed":
    case "drill.failed":
      return drillMessage(event, base);
    case "drift":
      return driftMessage(event, base);
    case "rpo.breached":
      return rpoMessage(event, base);
  }
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
