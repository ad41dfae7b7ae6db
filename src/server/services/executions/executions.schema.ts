/**
 * Runs (Execution rows) as the history page, the run page and the API see them: the filter and cursor
 * schemas shared by the page, the routes and the service, and the defensive parser for the metadata JSON
 * the engine writes (anything missing or malformed reads as empty, never as an error).
 */
import { z } from "zod";

export const EXECUTION_TYPES = ["Backup", "Restore", "Drill", "Verify", "System"] as const;
export type ExecutionType = (typeof EXECUTION_TYPES)[number];

export const EXECUTION_STATUSES = ["Pending", "Running", "Success", "Partial", "Failed", "Cancelled", "Skipped"] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const EXECUTION_TRIGGERS = ["manual", "schedule", "api", "system", "catch-up"] as const;
export type ExecutionTrigger = (typeof EXECUTION_TRIGGERS)[number];

/** A run in one of these states never changes again. */
export const FINAL_STATUSES: readonly ExecutionStatus[] = ["Success", "Partial", "Failed", "Cancelled", "Skipped"];
export const isFinalStatus = (s: string): boolean => (FINAL_STATUSES as readonly string[]).includes(s);
/** Pending or Running: the only states a run can be cancelled from. */
export const isActiveStatus = (s: string): boolean => s === "Pending" || s === "Running";

// ─── Cursors ─────────────────────────────────────────────────────────────────

/** Keyset position (createdAt, id) of one row. In URLs as "<epoch ms>.<id>": readable, stable, no OFFSET. */
export type ExecutionCursor = { at: Date; id: string };

const CURSOR_RE = /^(\d{1,15})\.([\w-]{1,64})$/;

export const encodeCursor = (c: { createdAt: Date; id: string }): string => `${c.createdAt.getTime()}.${c.id}`;

export const ZExecutionCursor = z
  .string()
  .regex(CURSOR_RE, "Invalid page cursor")
  .transform((s): ExecutionCursor => {
    const m = CURSOR_RE.exec(s) as RegExpExecArray;
    return { at: new Date(Number(m[1])), id: m[2] as string };
  });

// ─── Queries ─────────────────────────────────────────────────────────────────

/** GET forms send "" for "any": treat it as absent. */
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const opt = <S extends z.ZodType>(s: S) => z.preprocess(blank, s.optional());

export const ZListExecutionsQuery = z
  .object({
    jobId: opt(z.string().max(64)),
    status: opt(z.enum(EXECUTION_STATUSES)),
    type: opt(z.enum(EXECUTION_TYPES)),
    trigger: opt(z.enum(EXECUTION_TRIGGERS)),
    /** Calendar day (UTC), inclusive */
    from: opt(z.coerce.date()),
    /** Calendar day (UTC), inclusive: the whole day counts */
    to: opt(z.coerce.date()),
    /** Rows older than this cursor (the "Older" link) */
    before: opt(ZExecutionCursor),
    /** Rows newer than this cursor (the "Newer" link) */
    after: opt(ZExecutionCursor),
    limit: z.preprocess(blank, z.coerce.number().int().min(1).max(200).default(50)),
  })
  .refine((q) => !(q.before && q.after), { message: "Use either before or after, not both", path: ["after"] });
export type TListExecutionsQuery = z.output<typeof ZListExecutionsQuery>;
export type TListExecutionsInput = z.input<typeof ZListExecutionsQuery>;

export const ZExecutionParams = z.object({ executionId: z.string().min(1).max(64) });

export const ZExecutionLogsQuery = z.object({
  /** Lines with a larger id; absent = the last `limit` lines */
  after: opt(z.coerce.number().int().min(0)),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(5000).default(500)),
  /** text: plain "time level message" lines, for download */
  format: opt(z.enum(["json", "text"])),
});
export type TExecutionLogsQuery = z.output<typeof ZExecutionLogsQuery>;

export const ZRunEventsQuery = z.object({ after: opt(z.coerce.number().int().min(0)) });

export const ZCancelRun = z.object({ executionId: z.string().min(1).max(64) });

// ─── Metadata ────────────────────────────────────────────────────────────────

/** Bytes may be written as numbers or (BigInt-safe) digit strings. */
const ZBytes = z.union([z.number().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]).catch(0);
const ZText = z.string().max(10_000).nullable().optional().catch(null);

export const DESTINATION_OUTCOMES = ["ok", "failed", "aborted"] as const;
export type DestinationOutcomeStatus = (typeof DESTINATION_OUTCOMES)[number] | "unknown";

const ZDestinationOutcome = z.object({
  id: z.string().catch(""),
  name: z.string().catch("Unnamed destination"),
  status: z.enum(DESTINATION_OUTCOMES).or(z.literal("unknown")).catch("unknown"),
  key: ZText,
  error: ZText,
});

const ZDatabaseOutcome = z.object({
  name: z.string().catch("?"),
  status: z.string().max(40).catch("unknown"),
  bytesRead: ZBytes.default(0),
  bytesStored: ZBytes.default(0),
  error: ZText,
  destinations: z
    .array(ZDestinationOutcome.nullable().catch(null))
    .catch([])
    .default([])
    .transform((ds) => ds.filter((d): d is NonNullable<typeof d> => d !== null)),
});

const ZCount = z.number().int().nonnegative().catch(0);

/** A Restore run's parameters and outcome (see services/restore/restore-metadata.ts). */
const ZRestoreOutcome = z.object({
  backupId: z.string().catch(""),
  key: z.string().catch(""),
  engine: z.string().catch(""),
  backupDatabase: z.string().catch(""),
  backupServerVersion: ZText,
  jobName: ZText,
  destinationName: z.string().catch(""),
  targetSourceId: z.string().catch(""),
  targetSourceName: z.string().catch(""),
  database: z.string().catch(""),
  overwrite: z.boolean().catch(false),
  privilegedLogin: z.boolean().catch(false),
  targetServerVersion: ZText,
  verified: z.object({ storedBytes: ZBytes, sha256: z.string().catch("") }).nullable().optional().catch(null),
  summary: z
    .object({
      tables: z.array(z.object({ name: z.string().catch("?"), rows: ZCount })).max(1000).optional().catch(undefined),
      truncated: z.boolean().optional().catch(undefined),
      keys: ZCount.optional(),
    })
    .nullable()
    .optional()
    .catch(null),
  summaryError: ZText,
  checks: z
    .array(z.object({ label: z.string().catch(""), status: z.string().catch(""), message: z.string().catch("") }))
    .max(50)
    .optional()
    .catch(undefined),
});

export type RestoreOutcome = {
  backupId: string;
  key: string;
  engine: string;
  backupDatabase: string;
  backupServerVersion: string | null;
  jobName: string | null;
  destinationName: string;
  targetSourceId: string;
  targetSourceName: string;
  database: string;
  overwrite: boolean;
  privilegedLogin: boolean;
  targetServerVersion: string | null;
  verified: { storedBytes: number; sha256: string } | null;
  summary: { tables: { name: string; rows: number }[] | null; truncated: boolean; keys: number | null } | null;
  summaryError: string | null;
  checks: { label: string; status: string; message: string }[];
};

const ZExecutionMetadata = z.object({
  restore: ZRestoreOutcome.nullable().optional().catch(null),
  databases: z
    .array(ZDatabaseOutcome.nullable().catch(null))
    .catch([])
    .default([])
    .transform((ds) => ds.filter((d): d is NonNullable<typeof d> => d !== null)),
});

export type DestinationOutcome = { id: string; name: string; status: DestinationOutcomeStatus; key: string | null; error: string | null };
export type DatabaseOutcome = {
  name: string;
  status: string;
  bytesRead: number;
  bytesStored: number;
  error: string | null;
  destinations: DestinationOutcome[];
};
/** `restore` only on Restore runs (absent, not null, elsewhere) */
export type ExecutionMetadata = { databases: DatabaseOutcome[]; restore?: RestoreOutcome };

const toRestoreOutcome = (r: z.output<typeof ZRestoreOutcome>): RestoreOutcome => ({
  ...r,
  backupServerVersion: r.backupServerVersion ?? null,
  jobName: r.jobName ?? null,
  targetServerVersion: r.targetServerVersion ?? null,
  verified: r.verified ?? null,
  summary: r.summary ? { tables: r.summary.tables ?? null, truncated: r.summary.truncated ?? false, keys: r.summary.keys ?? null } : null,
  summaryError: r.summaryError ?? null,
  checks: r.checks ?? [],
});

/** Never throws: unreadable or unexpected JSON is an empty outcome list. */
export const parseExecutionMetadata = (json: string | null | undefined): ExecutionMetadata => {
  if (!json) return { databases: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { databases: [] };
  }
  const r = ZExecutionMetadata.safeParse(raw && typeof raw === "object" ? raw : {});
  if (!r.success) return { databases: [] };
  return {
    ...(r.data.restore ? { restore: toRestoreOutcome(r.data.restore) } : {}),
    databases: r.data.databases.map((d) => ({
      name: d.name,
      status: d.status,
      bytesRead: d.bytesRead,
      bytesStored: d.bytesStored,
      error: d.error ?? null,
      destinations: d.destinations.map((x) => ({ id: x.id, name: x.name, status: x.status, key: x.key ?? null, error: x.error ?? null })),
    })),
  };
};
