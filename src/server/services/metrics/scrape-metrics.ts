/**
 * GET /metrics: open when METRICS_OPEN is set (a trusted bind), otherwise only with the bearer token
 * generated in Settings. No token configured and not open: 401 like a wrong token, so a scraper's
 * misconfiguration looks the same from outside either way.
 */
import { AppError } from "@/server/errors";
import { env } from "@/server/env";
import { loadMetricsSnapshot } from "./metrics-snapshot";
import { verifyMetricsToken } from "./metrics-token";
import { renderMetrics } from "./render-metrics";

const bearer = (authorization: string | null): string | null => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return m?.[1] ?? null;
};

export const scrapeMetrics = async ({ authorization }: { authorization: string | null }): Promise<{ body: string; contentType: string }> => {
  if (!env().metricsOpen) {
    const token = bearer(authorization);
    if (!token || !(await verifyMetricsToken(token))) {
      throw new AppError("UNAUTHENTICATED", "Metrics need a bearer token: generate one under Settings → Metrics, or set METRICS_OPEN=1 on a trusted bind.");
    }
  }
  return renderMetrics(await loadMetricsSnapshot());
};
