import { withRoute } from "@/server/http/route";
import { ZExecutionLogsResponse } from "@/server/services/executions/executions.responses";
import { ZExecutionLogsQuery, ZExecutionParams } from "@/server/services/executions/executions.schema";
import { listExecutionLogs } from "@/server/services/executions/list-execution-logs";

export const dynamic = "force-dynamic";

// GET /api/v1/executions/:executionId/logs?after&limit&format - log lines (history:read)
//   after=<id>: the lines after that id (after=0: from the start), up to limit; page on with the last id
//   no after:   the last `limit` lines
//   format=text: the same lines as plain text, one "time level message" per line
export const GET = withRoute({
  name: "executions.logs",
  access: "history:read",
  summary: "A run's log lines",
  params: ZExecutionParams,
  query: ZExecutionLogsQuery,
  responses: {
    200: {
      description: 'The lines as JSON, or with format=text as plain text ("<time> <LEVEL> <message>" per line)',
      contentType: ["application/json", "text/plain"],
      schema: ZExecutionLogsResponse,
    },
  },
  handler: async ({ params, query }) => {
    const page = await listExecutionLogs({ executionId: params.executionId, after: query.after, limit: query.limit });
    if (query.format === "text") {
      const text = page.lines.map((l) => `${l.at} ${l.level.toUpperCase().padEnd(5)} ${l.message}`).join("\n");
      return new Response(text ? `${text}\n` : "", {
        headers: {
          "content-type": "text/plain; charset=utf-8",
          "cache-control": "no-store",
          "content-disposition": `inline; filename="run-${params.executionId}.log"`,
        },
      });
    }
    return { logs: page.lines, hasMore: page.hasMore, truncated: page.truncated };
  },
});
