/**
 * GET /api/v1/executions/:executionId/events?after=<logId> - the run's live events as Server-Sent
 * Events (history:read). See openRunEventStream for the protocol. A reconnecting EventSource sends
 * Last-Event-ID (the last log id it saw), which takes the place of ?after.
 */
import { withRoute } from "@/server/http/route";
import { ZExecutionParams, ZRunEventsQuery } from "@/server/services/executions/executions.schema";
import { openRunEventStream, SSE_HEADERS } from "@/server/services/executions/run-event-stream";

export const dynamic = "force-dynamic";

const lastEventId = (req: Request): number | undefined => {
  const v = req.headers.get("last-event-id");
  return v && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
};

export const GET = withRoute({
  name: "executions.events",
  access: "history:read",
  summary: "One run's live events (server-sent events)",
  responses: {
    200: {
      description:
        "Server-sent events, data as JSON: `log` {type, id, at, level, message} (the frame id is the line id), `progress` {type, bytesRead, bytesStored, rate, step} and `status` {type, status, error, warning}. The stream ends after a final status; a `: ping` comment comes every 15 s.",
      contentType: "text/event-stream",
    },
  },
  params: ZExecutionParams,
  query: ZRunEventsQuery,
  handler: async ({ req, params, query }) => {
    const fromHeader = lastEventId(req);
    const after = fromHeader !== undefined ? Math.max(fromHeader, query.after ?? 0) : query.after;
    const stream = await openRunEventStream({ executionId: params.executionId, after, signal: req.signal });
    return new Response(stream, { headers: SSE_HEADERS });
  },
});
