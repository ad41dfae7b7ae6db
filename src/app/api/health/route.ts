/** GET /api/health - public liveness and database check for Docker HEALTHCHECK and uptime probes. */
import { getHealth } from "@/server/services/health/get-health";

export const dynamic = "force-dynamic";

export const GET = async (): Promise<Response> => {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
};
