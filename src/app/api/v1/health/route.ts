import { withRoute } from "@/server/http/route";
import { getHealth } from "@/server/services/health/get-health";
import { ZHealth } from "@/server/services/health/health.responses";

export const dynamic = "force-dynamic";

// The same check as /api/health, under the versioned prefix so API clients need one base URL.
export const GET = withRoute({
  name: "health.get",
  access: "public",
  summary: "Liveness and database check",
  responses: {
    200: { description: "Healthy", schema: ZHealth },
    503: { description: "Degraded: the database is unreachable (the same body, status degraded)", schema: ZHealth },
  },
  handler: async () => {
    const health = await getHealth();
    return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
  },
});
