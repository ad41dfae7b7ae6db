/**
 * What the UI and the API see of a run. BigInt byte counts become numbers (exact up to 8 PiB), dates
 * become ISO strings. These rows hold no secrets and must stay that way: the engine writes error texts
 * already redacted, and nothing here reads a config or a key.
 */
import type { Prisma } from "@/generated/prisma/client";
import { type ExecutionMetadata, isFinalStatus, parseExecutionMetadata } from "./executions.schema";

export const toNumber = (n: bigint | number | null | undefined): number => (n === null || n === undefined ? 0 : Number(n));

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const msBetween = (a: Date | null, b: Date | null): number | null => (a && b ? Math.max(0, b.getTime() - a.getTime()) : null);

/** First line, at most `max` characters: enough to recognise an error in a table cell. */
export const excerpt = (text: string | null, max = 160): string | null => {
  if (!text) return null;
  const line = text.trim().split(/\r?\n/, 1)[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line || null;
};

// ─── List rows ───────────────────────────────────────────────────────────────

/** Only the columns the history table shows (no metadata, no logs). */
export const EXECUTION_LIST_SELECT = {
  id: true,
  type: true,
  status: true,
  trigger: true,
  queuedAt: true,
  startedAt: true,
  endedAt: true,
  createdAt: true,
  bytesStored: true,
  error: true,
  warning: true,
  // Restore rows name their target from it; other types ignore it.
  metadata: true,
  job: { select: { id: true, name: true } },
} satisfies Prisma.ExecutionSelect;

type ListRow = Prisma.ExecutionGetPayload<{ select: typeof EXECUTION_LIST_SELECT }>;

export type ExecutionListItem = {
  id: string;
  type: string;
  status: string;
  trigger: string;
  job: { id: string; name: string } | null;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
  /** endedAt − startedAt; null while the run has not ended */
  durationMs: number | null;
  bytesStored: number;
  errorExcerpt: string | null;
  warningExcerpt: string | null;
  /** Restore runs: what was restored where */
  restore?: { backupDatabase: string; database: string; targetSourceName: string; jobName: string | null };
};

const restoreOf = (r: ListRow): ExecutionListItem["restore"] => {
  if (r.type !== "Restore") return undefined;
  const m = parseExecutionMetadata(r.metadata).restore;
  return m ? { backupDatabase: m.backupDatabase, database: m.database, targetSourceName: m.targetSourceName, jobName: m.jobName } : undefined;
};

export const toExecutionListItem = (r: ListRow): ExecutionListItem => ({
  id: r.id,
  type: r.type,
  status: r.status,
  trigger: r.trigger,
  job: r.job ? { id: r.job.id, name: r.job.name } : null,
  queuedAt: r.queuedAt.toISOString(),
  startedAt: iso(r.startedAt),
  endedAt: iso(r.endedAt),
  createdAt: r.createdAt.toISOString(),
  durationMs: msBetween(r.startedAt, r.endedAt),
  bytesStored: toNumber(r.bytesStored),
  errorExcerpt: excerpt(r.error),
  warningExcerpt: excerpt(r.warning),
  ...(r.type === "Restore" ? { restore: restoreOf(r) } : {}),
});

// ─── One run ─────────────────────────────────────────────────────────────────

export const EXECUTION_DETAIL_SELECT = {
  id: true,
  type: true,
  status: true,
  trigger: true,
  triggeredById: true,
  queuedAt: true,
  startedAt: true,
  endedAt: true,
  createdAt: true,
  bytesRead: true,
  bytesStored: true,
  step: true,
  error: true,
  warning: true,
  metadata: true,
  job: { select: { id: true, name: true, slug: true } },
} satisfies Prisma.ExecutionSelect;

type DetailRow = Prisma.ExecutionGetPayload<{ select: typeof EXECUTION_DETAIL_SELECT }>;

export type ExecutionDetail = {
  id: string;
  type: string;
  status: string;
  trigger: string;
  /** True once the status can no longer change */
  final: boolean;
  job: { id: string; name: string; slug: string } | null;
  /** Who started it by hand (name only), when it was a person */
  triggeredBy: { id: string; name: string } | null;
  queuedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
  /** startedAt − queuedAt */
  waitMs: number | null;
  /** endedAt − startedAt; null while running (the page counts it live from startedAt) */
  durationMs: number | null;
  bytesRead: number;
  bytesStored: number;
  /** bytesStored / bytesRead (0.25 = stored a quarter of what was read); null when nothing was read */
  ratio: number | null;
  step: string | null;
  error: string | null;
  warning: string | null;
  metadata: ExecutionMetadata;
};

export const toExecutionDetail = (r: DetailRow, triggeredBy: { id: string; name: string } | null): ExecutionDetail => {
  const bytesRead = toNumber(r.bytesRead);
  const bytesStored = toNumber(r.bytesStored);
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    trigger: r.trigger,
    final: isFinalStatus(r.status),
    job: r.job ? { id: r.job.id, name: r.job.name, slug: r.job.slug } : null,
    triggeredBy,
    queuedAt: r.queuedAt.toISOString(),
    startedAt: iso(r.startedAt),
    endedAt: iso(r.endedAt),
    createdAt: r.createdAt.toISOString(),
    waitMs: msBetween(r.queuedAt, r.startedAt),
    durationMs: msBetween(r.startedAt, r.endedAt),
    bytesRead,
    bytesStored,
    ratio: bytesRead > 0 ? bytesStored / bytesRead : null,
    step: r.step,
    error: r.error,
    warning: r.warning,
    metadata: parseExecutionMetadata(r.metadata),
  };
};

// ─── Log lines ───────────────────────────────────────────────────────────────

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogLineDto = { id: number; at: string; level: LogLevel; message: string };

const asLevel = (l: string): LogLevel => ((LOG_LEVELS as readonly string[]).includes(l) ? (l as LogLevel) : "info");

export const toLogLine = (r: { id: number; at: Date; level: string; message: string }): LogLineDto => ({
  id: r.id,
  at: r.at.toISOString(),
  level: asLevel(r.level),
  message: r.message,
});
