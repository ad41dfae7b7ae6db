/**
 * GET /metrics - Prometheus exposition (text format 0.0.4). Not under /api/v1 and not behind a session:
 * Prometheus presents the bearer token from Settings → Metrics, or nothing when METRICS_OPEN=1.
 * Not withRoute: its caller resolution reads Authorization as a session or API key, and this bearer
 * token is neither; the token check lives in the service.
 */
import { problem } from "@/server/http/route";
import { isAppError } from "@/server/errors";
import { log } from "@/lib/logger";
import { scrapeMetrics } from "@/server/services/metrics/scrape-metrics";

export const dynamic = "force-dynamic";

export const GET = async (req: Request): Promise<Response> => {
  try {
    const { body, contentType } = await scrapeMetrics({ authorization: req.headers.get("authorization") });
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (e) {
    if (isAppError(e) && e.code === "UNAUTHENTICATED") {
      const res = problem(401, e.code, e.message, { code: e.code });
      res.headers.set("www-authenticate", 'Bearer realm="bunker-metrics"');
      return res;
    }
    log.error("metrics scrape failed", { error: e });
    return problem(500, "INTERNAL", "The metrics could not be collected.");
  }
};
