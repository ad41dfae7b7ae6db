import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { checkAdapterHealth, type HealthCheckOutcome } from "./check-adapter-health";

/**
 * Tests one stored source or destination through its kind's API route (so a destinations:read key
 * cannot test a source by its id) and records the outcome as a health check.
 */
export const testStoredAdapter = async ({ kind, id }: { kind: "source" | "destination"; id: string }): Promise<HealthCheckOutcome> => {
  const row = await db.adapterConfig.findFirst({ where: { id, kind }, select: { id: true } });
  if (!row) throw new AppError("NOT_FOUND", `That ${kind} does not exist.`);
  return checkAdapterHealth({ id: row.id });
};
