import { db } from "@/server/db";
import { BUNKER_VERSION } from "@/lib/version";

const startedAt = Date.now();

export type Health = { status: "ok" | "degraded"; version: string; uptimeSeconds: number; database: { ok: boolean; latencyMs: number | null; error?: string } };

export const getHealth = async (): Promise<Health> => {
  const t0 = performance.now();
  let database: Health["database"];
  try {
    await db.$queryRawUnsafe("SELECT 1");
    database = { ok: true, latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch {
    database = { ok: false, latencyMs: null, error: "database unreachable" };
  }
  return {
    status: database.ok ? "ok" : "degraded",
    version: BUNKER_VERSION,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    database,
  };
};
