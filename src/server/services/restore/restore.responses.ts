/** What the REST API answers about restores (see ../common.responses.ts). */
import { z } from "zod";
import type { PreflightResult } from "./preflight-restore";

export { ZExecutionStarted } from "../common.responses";

export const ZPreflightResult = z.strictObject({
  ok: z.boolean().describe("No item failed: the restore may start"),
  items: z.array(z.strictObject({ id: z.string(), label: z.string(), status: z.enum(["ok", "warn", "fail"]), message: z.string() })),
  target: z.strictObject({ sourceName: z.string().nullable(), serverVersion: z.string().nullable(), exists: z.boolean().nullable().describe("Whether the target database exists already") }),
}) satisfies z.ZodType<PreflightResult>;
