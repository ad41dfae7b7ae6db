import { db } from "@/server/db";

export type HealthPoint = { status: string; latencyMs: number | null; error: string | null; checkedAt: string };

/** The latest checks per source or destination, oldest first, for the history strip. */
export const getHealthHistory = async (ids: string[], perAdapter = 30): Promise<Record<string, HealthPoint[]>> => {
  const entries = await Promise.all(
    ids.map(async (id) => {
      const rows = await db.healthCheckLog.findMany({ where: { adapterConfigId: id }, orderBy: { checkedAt: "desc" }, take: perAdapter });
      return [id, rows.reverse().map((r) => ({ status: r.status, latencyMs: r.latencyMs, error: r.error, checkedAt: r.checkedAt.toISOString() }))] as const;
    }),
  );
  return Object.fromEntries(entries);
};
