import { z } from "zod";
import { APP_ERROR_STATUS, type AppErrorCode } from "@/server/errors";

const CODES = Object.keys(APP_ERROR_STATUS) as [AppErrorCode, ...AppErrorCode[]];

/**
 * The RFC 9457 body every error answer carries (`problem` in ../route.ts, fed by `toPublicError` in
 * ../guard.ts): the AppError's code, its message as `detail` and, for VALIDATION, its field errors as
 * `errors`. One schema for every error status of every route.
 */
export const ZProblem = z
  .strictObject({
    type: z.literal("about:blank").describe("Always about:blank: `code` is the machine-readable kind"),
    title: z.enum(CODES).describe("The error code again, e.g. FORBIDDEN"),
    status: z.number().int().min(400).max(599).describe("The HTTP status, mapped from the code"),
    detail: z.string().describe("What went wrong, for a person"),
    code: z.enum(CODES),
    errors: z.record(z.string(), z.array(z.string())).optional().describe("VALIDATION only: messages by field path (dot-separated; `_` for the whole input)"),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });
