/**
 * The job model shared by the jobs service, the form and the engine. Stored JSON columns (databases,
 * retention, notificationEvents) are parsed through these schemas, never trusted as they are.
 */
import { z } from "zod";
import { isValidDatabaseName } from "@/adapters/sources/database-name";
import { type Retention, ZRetention } from "@/lib/retention/policy";
import { ZDrillSettings } from "@/lib/drills/settings";
import { expectationError } from "@/lib/drills/expectation";
import { checkSqlError } from "@/lib/drills/check-sql";
import { ZJobNotifier } from "../notifications/events";

export { type Retention, ZRetention };

export const COMPRESSIONS = ["zstd", "gzip", "none"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const ZDatabaseSelection = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("all") }),
  z.object({
    mode: z.literal("pick"),
    names: z
      .array(z.string().refine(isValidDatabaseName, "Invalid database name: letters, digits, _ $ . - only"))
      .min(1, "Pick at least one database")
      .max(500),
  }),
]);
export type DatabaseSelection = z.infer<typeof ZDatabaseSelection>;


export const ZJobFields = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(80),
    description: z.string().trim().max(500).optional().transform((s) => s || null),
    sourceId: z.string().min(1, "Pick a source"),
    databases: ZDatabaseSelection,
    destinationIds: z.array(z.string().min(1)).min(1, "Pick at least one destination").max(10),
    compression: z.enum(COMPRESSIONS).default("zstd"),
    /** zstd 1–19 (default 3), gzip 1–9 (default 6) */
    compressionLevel: z.number().int().min(1).max(19).nullable().default(null),
    encryptionProfileId: z.string().min(1).nullable().default(null),
    /** Cron expression (5 or 6 fields) evaluated in the system timezone; null = manual only */
    schedule: z.string().trim().max(120).nullable().default(null),
    enabled: z.boolean().default(true),
    retention: ZRetention.default({ mode: "count", keep: 7 }),
    /** Whole-run time limit; null = the runs.timeoutMinutes setting */
    timeoutSeconds: z.number().int().min(60).max(7 * 24 * 3600).nullable().default(null),
    /** Who hears about this job, each notifier with its own event filter */
    notifiers: z.array(ZJobNotifier).max(20).default([]),
    /** Restore drills, drift thresholds, RPO tolerance; left out = keep what the job has */
    drill: ZDrillSettings.optional(),
  })
  .refine((j) => j.compression !== "gzip" || j.compressionLevel === null || j.compressionLevel <= 9, {
    message: "gzip levels go from 1 to 9",
    path: ["compressionLevel"],
  })
  .refine((j) => new Set(j.destinationIds).size === j.destinationIds.length, { message: "A destination is listed twice", path: ["destinationIds"] })
  .refine((j) => new Set(j.notifiers.map((n) => n.notifierId)).size === j.notifiers.length, { message: "A notifier is listed twice", path: ["notifiers"] })
  .superRefine((j, ctx) => {
    j.drill?.checks.forEach((c, i) => {
      const error = expectationError(c.expectation);
      if (error) ctx.addIssue({ code: "custom", message: error, path: ["drill", "checks", i, "expectation"] });
      const sqlError = checkSqlError(c.sql);
      if (sqlError) ctx.addIssue({ code: "custom", message: sqlError, path: ["drill", "checks", i, "sql"] });
    });
    if (j.drill?.enabled && !j.drill.targetSourceId) ctx.addIssue({ code: "custom", message: "Pick the scratch target where drills restore", path: ["drill", "targetSourceId"] });
  });
export type TJobFields = z.infer<typeof ZJobFields>;

const parseJson = <S extends z.ZodType>(schema: S, json: string | null | undefined, fallback: z.output<S>): z.output<S> => {
  try {
    const r = schema.safeParse(JSON.parse(json ?? "null"));
    return r.success ? r.data : fallback;
  } catch {
    return fallback;
  }
};

export const parseDatabases = (json: string): DatabaseSelection => parseJson(ZDatabaseSelection, json, { mode: "all" });

/** For the engine: a stored selection that no longer validates fails the run; it never widens to "all". */
export const parseDatabasesStrict = (json: string): DatabaseSelection | null => {
  try {
    const r = ZDatabaseSelection.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
};
export const parseRetention = (json: string): Retention => parseJson(ZRetention, json, { mode: "count", keep: 7 });

/** "Nightly Orders DB!" → "nightly-orders-db": used in object keys, so only [a-z0-9-]. */
export const slugify = (name: string): string =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48) || "job";

// ─── Inputs of the jobs use cases (added with the jobs pages) ────────────────

/** An edit: the same fields as a new job, plus which job. The slug stays: backup keys are built on it. */
export const ZUpdateJob = ZJobFields.safeExtend({ id: z.string().min(1) });
export type TUpdateJob = z.infer<typeof ZUpdateJob>;

export const ZJobId = z.object({ id: z.string().min(1) });

export const ZSetJobEnabled = z.object({ id: z.string().min(1), enabled: z.boolean() });

/** The live cron preview of the job form; an empty schedule means manual only. */
export const ZDescribeSchedule = z.object({ schedule: z.string().max(200).nullable().default(null) });

export const ZListSourceDatabases = z.object({ sourceId: z.string().min(1, "Pick a source") });
