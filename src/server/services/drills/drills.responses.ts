/** What the REST API answers about a job's restore drills (see ../common.responses.ts). */
import { z } from "zod";
import { ZDateTime } from "../common.responses";
import type { RecoveryObjectives } from "../objectives/job-recovery-objectives";
import type { JobDrills } from "./get-job-drills";

const ZObjectives = z
  .strictObject({
    jobId: z.string(),
    rpo: z.strictObject({
      targetMs: z.number().nullable().describe("The longest gap between scheduled runs plus the tolerance; null for manual-only jobs"),
      intervalMs: z.number().nullable(),
      tolerancePercent: z.number(),
      lastVerifiedBackupAt: ZDateTime.nullable(),
      ageMs: z.number().nullable(),
      breached: z.boolean(),
    }),
    rto: z.strictObject({
      lastMs: z.number().nullable().describe("Verify + restore time of the last passed drill"),
      lastDrillAt: ZDateTime.nullable(),
      lastDrillStatus: z.enum(["passed", "failed"]).nullable(),
    }),
  })
  .meta({ id: "RecoveryObjectives" }) satisfies z.ZodType<RecoveryObjectives>;

const ZDrillHistoryItem = z.strictObject({
  executionId: z.string(),
  status: z.enum(["passed", "failed", "cancelled"]),
  at: ZDateTime,
  rtoMs: z.number().int().nullable(),
  rows: z.number().int().nonnegative().describe("Rows counted in the restored databases"),
  tables: z.array(
    z.strictObject({
      database: z.string(),
      table: z.string(),
      expected: z.number().int().nullable().describe("Recorded at backup time; null: a table the backup did not count"),
      restored: z.number().int().nullable().describe("null: missing after the restore"),
      ok: z.boolean(),
    }),
  ),
  checks: z.array(
    z.strictObject({
      name: z.string(),
      sql: z.string(),
      expectation: z.string(),
      database: z.string(),
      actual: z.string().nullable(),
      passed: z.boolean(),
      error: z.string().optional(),
    }),
  ),
  checksPassed: z.number().int().nonnegative(),
  error: z.string().nullable(),
  backupKey: z.string().nullable(),
});

export const ZJobDrills = z.strictObject({
  objectives: ZObjectives.nullable().describe("null when there is no such job"),
  history: z.array(ZDrillHistoryItem).describe("Newest first, at most 30"),
  active: z.strictObject({ executionId: z.string(), status: z.string() }).nullable().describe("A drill queued or running now"),
}) satisfies z.ZodType<JobDrills>;

export const ZDrillStarted = z.strictObject({
  executionId: z.string(),
  queued: z.boolean().describe("false: a drill of this job was already queued or running, and this is its id"),
});
