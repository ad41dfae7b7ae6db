/** What the REST API answers about jobs (see ../common.responses.ts). */
import { z } from "zod";
import { ZDrillSettings } from "@/lib/drills/settings";
import { ZHealthStatus } from "../adapters/adapters.responses";
import { ZDateTime, type Wire } from "../common.responses";
import { EXECUTION_STATUSES, EXECUTION_TRIGGERS } from "../executions/executions.schema";
import { JOB_EVENTS } from "../notifications/events";
import type { JobDto, JobListItem } from "./job-dto";
import { COMPRESSIONS, ZDatabaseSelection, ZRetention } from "./jobs.schema";

const ZJobAdapterRef = z
  .strictObject({ id: z.string(), name: z.string(), adapterId: z.string(), typeLabel: z.string(), healthStatus: ZHealthStatus })
  .meta({ id: "JobAdapterRef", description: "A source or destination as a job names it (never its config)" });

export const ZJob = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    slug: z.string().describe("Fixed at creation: the backups' object keys start with it"),
    description: z.string().nullable(),
    source: ZJobAdapterRef,
    databases: ZDatabaseSelection,
    destinations: z.array(ZJobAdapterRef).describe("In the job's order"),
    compression: z.enum(COMPRESSIONS),
    compressionLevel: z.number().int().nullable(),
    encryptionProfile: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
    schedule: z.string().nullable().describe("Cron expression in the system time zone; null = manual only"),
    enabled: z.boolean(),
    retention: ZRetention,
    timeoutSeconds: z.number().int().nullable(),
    notifiers: z.array(z.strictObject({ id: z.string(), name: z.string(), adapterId: z.string(), typeLabel: z.string(), events: z.array(z.enum(JOB_EVENTS)) })),
    drill: ZDrillSettings,
    createdAt: ZDateTime,
    updatedAt: ZDateTime,
  })
  .meta({ id: "Job" }) satisfies z.ZodType<Wire<JobDto>>;

const ZJobRunRef = z
  .strictObject({
    id: z.string(),
    status: z.enum(EXECUTION_STATUSES),
    trigger: z.enum(EXECUTION_TRIGGERS),
    queuedAt: ZDateTime,
    startedAt: ZDateTime.nullable(),
    endedAt: ZDateTime.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: "JobRunRef" });

export const ZJobListItem = ZJob.safeExtend({
  scheduleText: z.string().describe('The schedule in words ("At 02:00 AM"), "Manual only" or "Invalid schedule"'),
  scheduleError: z.string().nullable(),
  nextRunAt: ZDateTime.nullable().describe("null when manual, disabled or invalid"),
  lastRun: ZJobRunRef.nullable().describe("The latest backup run (skipped fires do not count)"),
}).meta({ id: "JobListItem" }) satisfies z.ZodType<Wire<JobListItem>>;

export const ZJobsResponse = z.strictObject({ jobs: z.array(ZJobListItem) });
export const ZJobResponse = z.strictObject({ job: ZJob });
export const ZJobDeleted = z.strictObject({ backupsKept: z.number().int().nonnegative().describe("Its backups stay in storage, no longer linked to a job") });
