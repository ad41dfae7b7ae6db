/**
 * GET /api/v1/executions/events - every run's status changes and progress as Server-Sent Events
 * (history:read), for live lists such as the dashboard's latest runs. One run's log: /executions/:id/events.
 */
import { withRoute } from "@/server/http/route";
import { SSE_HEADERS } from "@/server/services/executions/run-event-stream";
import { openLiveRunsStream } from "@/server/services/dashboard/live-runs-stream";

export const dynamic = "force-dynamic";

export const GET = withRoute({
  name: "executions.events.all",
  access: "history:read",
  summary: "Every run's live events (server-sent events)",
  responses: { 200: { description: "Server-sent events of every run's status changes and progress (data: JSON)", contentType: "text/event-stream" } },
  handler: async ({ req }) => new Response(openLiveRunsStream({ signal: req.signal }), { headers: SSE_HEADERS }),
});
