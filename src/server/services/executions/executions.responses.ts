/** What the REST API answers about runs (see ../common.responses.ts). */
import { z } from "zod";
import { ZDateTime, type Wire } from "../common.responses";
import type { ExecutionDetail, ExecutionListItem, LogLineDto } from "./execution-dto";
import { LOG_LEVELS } from "./execution-dto";
import { DESTINATION_OUTCOMES, EXECUTION_STATUSES, EXECUTION_TRIGGERS, EXECUTION_TYPES } from "./executions.schema";

const ZType = z.enum(EXECUTION_TYPES);
const ZStatus = z.enum(EXECUTION_STATUSES).meta({ id: "ExecutionStatus", description: "Success, Partial, Failed, Cancelled and Skipped are final" });
const ZTrigger = z.enum(EXECUTION_TRIGGERS);

export const ZExecutionListItem = z
  .strictObject({
    id: z.string(),
    type: ZType,
    status: ZStatus,
    trigger: ZTrigger,
    job: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
    queuedAt: ZDateTime,
    startedAt: ZDateTime.nullable(),
    endedAt: ZDateTime.nullable(),
    createdAt: ZDateTime,
    durationMs: z.number().int().nullable().describe("endedAt − startedAt; null until the run ends"),
    bytesStored: z.number().int().nonnegative(),
    errorExcerpt: z.string().nullable().describe("First line of the error, at most 160 characters"),
    warningExcerpt: z.string().nullable(),
    restore: z
      .strictObject({ backupDatabase: z.string(), database: z.string(), targetSourceName: z.string(), jobName: z.string().nullable() })
      .optional()
      .describe("Restore runs only: what was restored where"),
  })
  .meta({ id: "ExecutionListItem" }) satisfies z.ZodType<Wire<ExecutionListItem>>;

export const ZExecutionsResponse = z.strictObject({
  executions: z.array(ZExecutionListItem),
  page: z
    .strictObject({
      older: z.string().nullable().describe("Cursor for ?before=, null on the oldest page"),
      newer: z.string().nullable().describe("Cursor for ?after=, null on the newest page"),
    })
    .describe("Keyset pagination"),
});

const ZDatabaseOutcome = z.strictObject({
  name: z.string(),
  status: z.string(),
  bytesRead: z.number().nonnegative(),
  bytesStored: z.number().nonnegative(),
  error: z.string().nullable(),
  destinations: z.array(
    z.strictObject({ id: z.string(), name: z.string(), status: z.enum([...DESTINATION_OUTCOMES, "unknown"]), key: z.string().nullable(), error: z.string().nullable() }),
  ),
});

const ZRestoreOutcome = z.strictObject({
  backupId: z.string(),
  key: z.string(),
  engine: z.string(),
  backupDatabase: z.string(),
  backupServerVersion: z.string().nullable(),
  jobName: z.string().nullable(),
  destinationName: z.string(),
  targetSourceId: z.string(),
  targetSourceName: z.string(),
  database: z.string(),
  overwrite: z.boolean(),
  privilegedLogin: z.boolean(),
  targetServerVersion: z.string().nullable(),
  verified: z.strictObject({ storedBytes: z.number().nonnegative(), sha256: z.string() }).nullable(),
  summary: z
    .strictObject({
      tables: z.array(z.strictObject({ name: z.string(), rows: z.number().int().nonnegative() })).nullable(),
      truncated: z.boolean(),
      keys: z.number().int().nonnegative().nullable(),
    })
    .nullable()
    .describe("Row counts (or the key count) of the restored database"),
  summaryError: z.string().nullable(),
  checks: z.array(z.strictObject({ label: z.string(), status: z.string(), message: z.string() })),
});

export const ZExecution = z
  .strictObject({
    id: z.string(),
    type: ZType,
    status: ZStatus,
    trigger: ZTrigger,
    final: z.boolean().describe("True once the status can no longer change"),
    job: z.strictObject({ id: z.string(), name: z.string(), slug: z.string() }).nullable(),
    triggeredBy: z.strictObject({ id: z.string(), name: z.string() }).nullable().describe("The person who started it, when one did"),
    queuedAt: ZDateTime,
    startedAt: ZDateTime.nullable(),
    endedAt: ZDateTime.nullable(),
    createdAt: ZDateTime,
    waitMs: z.number().int().nullable().describe("startedAt − queuedAt"),
    durationMs: z.number().int().nullable().describe("endedAt − startedAt; null while running"),
    bytesRead: z.number().nonnegative(),
    bytesStored: z.number().nonnegative(),
    ratio: z.number().nullable().describe("bytesStored / bytesRead; null when nothing was read"),
    step: z.string().nullable().describe("What a running run is doing now"),
    error: z.string().nullable(),
    warning: z.string().nullable(),
    metadata: z.strictObject({
      databases: z.array(ZDatabaseOutcome).describe("Per database: outcome, sizes and per-destination result"),
      restore: ZRestoreOutcome.optional().describe("Restore runs only"),
    }),
  })
  .meta({ id: "Execution" }) satisfies z.ZodType<Wire<ExecutionDetail>>;

export const ZExecutionResponse = z.strictObject({ execution: ZExecution });

const ZLogLine = z
  .strictObject({ id: z.number().int().positive(), at: ZDateTime, level: z.enum(LOG_LEVELS), message: z.string() })
  .meta({ id: "LogLine" }) satisfies z.ZodType<LogLineDto>;

export const ZExecutionLogsResponse = z.strictObject({
  logs: z.array(ZLogLine),
  hasMore: z.boolean().describe("Reading with `after`: more lines follow the last one (ask again with after=<its id>)"),
  truncated: z.boolean().describe("Reading the tail (no `after`): older lines exist before the first one"),
});

/** The cancel routes: the run's status once the cancel took effect (or as it was, when it had already ended). */
export const ZRunCancelled = z.strictObject({ executionId: z.string(), status: ZStatus });
