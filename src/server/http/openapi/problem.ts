import { z } from "zod";

/** The RFC 9457 body every error answer carries (see `problem` in ../route.ts). */
export const ZProblem = z
  .object({
    type: z.string().describe("Always about:blank: `code` is the machine-readable kind"),
    title: z.string().describe("The error code, e.g. FORBIDDEN"),
    status: z.number().int(),
    detail: z.string().describe("What went wrong, for a person"),
    code: z.enum(["VALIDATION", "BAD_REQUEST", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PRECONDITION_FAILED", "RATE_LIMITED", "INTERNAL", "UNAVAILABLE"]),
    errors: z.record(z.string(), z.array(z.string())).optional().describe("Validation errors by field path (dot-separated)"),
  })
  .describe("RFC 9457 problem details");
